// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "contentdecoder.h"

#include "inflater.h"

#include <utility>

ContentDecoder::ContentDecoder() = default;
ContentDecoder::~ContentDecoder() = default;

bool ContentDecoder::setEncoding(QByteArrayView contentEncoding, QString *error)
{
    m_inflater.reset();
    m_coded.clear();
    m_hasMore = false;
    m_failed = false;
    m_error.clear();
    m_encoding = contentEncoding.toByteArray().trimmed().toLower();
    if (m_encoding == "gzip" || m_encoding == "x-gzip") {
        m_inflater = std::make_unique<Inflater>(Inflater::Format::Gzip);
    } else if (m_encoding == "deflate") {
        m_inflater = std::make_unique<Inflater>(Inflater::Format::Deflate);
    } else if (!m_encoding.isEmpty() && m_encoding != "identity") {
        *error = QStringLiteral("unsupported Content-Encoding \"%1\" (ssemon reads gzip and "
                                "deflate)")
                     .arg(QString::fromLatin1(m_encoding));
        return false;
    }
    return true;
}

bool ContentDecoder::decode(QByteArray input, qsizetype maxOutput, QByteArray *out)
{
    if (m_failed)
        return false;
    if (!m_inflater) {
        if (out->isEmpty())
            *out = std::move(input); // the hot path of a plain stream: no copy
        else
            out->append(input);
        return true;
    }
    m_coded += input;
    const qsizetype before = out->size();
    const qsizetype taken = m_inflater->inflate(m_coded, maxOutput, out);
    if (taken < 0) {
        m_error = QStringLiteral("cannot decode the body: ") + m_inflater->errorString();
        m_coded.clear();
        m_hasMore = false;
        m_failed = true;
        return false;
    }
    m_coded.remove(0, taken);
    // Called again, it gives more without new input: output held back, or input left because
    // the allowance ran out. Input left with room to spare waits for more input.
    m_hasMore =
        m_inflater->hasPendingOutput() || (!m_coded.isEmpty() && out->size() - before >= maxOutput);
    return true;
}

QString ContentDecoder::truncation() const
{
    // zlib takes every byte it is given, so a body cut inside a gzip member (or a deflate
    // stream) shows only as a decoder that never reached the end.
    if (!m_inflater || m_failed || m_inflater->isComplete())
        return QString();
    return QStringLiteral("the %1 body ended before its compressed data did (truncated)")
        .arg(QString::fromLatin1(m_encoding));
}
