// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

class Inflater;

// A response body's Content-Encoding undone a bounded piece at a time, for every client
// transport: identity passes bytes through, gzip and deflate go through Inflater, anything else
// is refused by name. What a call could not give within its allowance stays here (at most what
// one read brought), and hasMore() says to call again.
class ContentDecoder
{
public:
    ContentDecoder();
    ~ContentDecoder();
    ContentDecoder(const ContentDecoder &) = delete;
    ContentDecoder &operator=(const ContentDecoder &) = delete;

    // The Content-Encoding field's value (empty: none). False, with the reason in `error`, for
    // a coding ssemon cannot read.
    bool setEncoding(QByteArrayView contentEncoding, QString *error);

    // Decodes `input` after what is held, appending at most `maxOutput` bytes to `*out`.
    // False on corrupt data (errorString() says what); nothing more is decoded afterwards.
    bool decode(QByteArray input, qsizetype maxOutput, QByteArray *out);
    // Output waits that a call without new input gives.
    bool hasMore() const { return m_hasMore; }
    // Coded bytes taken and not decoded yet.
    qsizetype backlog() const { return m_coded.size(); }
    // Non-empty when the body, ending here, ended inside its coded data (truncated).
    QString truncation() const;
    QString errorString() const { return m_error; }

private:
    std::unique_ptr<Inflater> m_inflater;
    QByteArray m_encoding; // lower-case, for messages
    QByteArray m_coded;
    bool m_hasMore = false;
    bool m_failed = false;
    QString m_error;
};
