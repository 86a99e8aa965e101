// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

// Streaming decoder of a gzip or deflate Content-Encoding (zlib), bounded per call: a few
// compressed bytes can stand for gigabytes, so each call inflates at most what the caller
// allows and leaves the rest of the input for the next call.
class Inflater
{
public:
    enum class Format {
        // RFC 1952, concatenated members included; bytes after a member that do not start
        // another one are ignored, as gzip(1) does
        Gzip,
        Deflate // RFC 1950 (zlib); raw RFC 1951 data, which some servers send, is accepted too
    };

    explicit Inflater(Format format);
    ~Inflater();
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;

    // False when ssemon was built without zlib: every inflate() then fails with a message.
    static bool isAvailable();

    // Inflates from the front of `input`, appending at most `maxOutput` bytes to `*out`.
    // Returns how many input bytes it took; -1 on corrupt data (errorString() says what).
    qsizetype inflate(QByteArrayView input, qsizetype maxOutput, QByteArray *out);
    // Output the last call could not give within its allowance, although all of its input may
    // have been taken: call again (with no new input if need be) to get it.
    bool hasPendingOutput() const;
    // True when the data given so far ends where a stream may end: nothing was given, or the
    // last gzip member or the deflate stream is complete. False for a stream cut short.
    bool isComplete() const;
    QString errorString() const { return m_error; }

private:
    struct State;
    std::unique_ptr<State> d;
    Format m_format;
    QString m_error;
};
