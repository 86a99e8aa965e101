// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

// Streaming gzip encoder (zlib) of a Content-Encoding: gzip body, the counterpart of Inflater.
// It never flushes on its own between calls, which is what the gzip fault is about: a reader
// gets the events in compressed blocks, late and in bursts, as behind a buffering compressor.
class Deflater
{
public:
    Deflater();
    ~Deflater();
    Deflater(const Deflater &) = delete;
    Deflater &operator=(const Deflater &) = delete;

    // False when ssemon was built without zlib.
    static bool isAvailable();

    // Compresses `bytes`; returns what the compressor lets go of now (often nothing).
    QByteArray deflate(QByteArrayView bytes);
    // What it still holds and the gzip trailer: the end of the body. Later calls return nothing.
    QByteArray finish();
    bool isFinished() const { return m_finished; }

private:
    QByteArray run(QByteArrayView bytes, bool last);

    struct State;
    std::unique_ptr<State> d;
    bool m_finished = false;
};
