// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "sseencoder.h"

#include <charconv>
#include <cstring>

namespace {

bool isBreak(char c)
{
    return c == '\n' || c == '\r';
}

// Calls `line(view)` for each line of `text` split at CR, LF or CRLF (at least one line).
template<typename F>
void forEachLine(QByteArrayView text, F line)
{
    qsizetype start = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = text[i];
        if (isBreak(c)) {
            line(text.sliced(start, i - start));
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n')
                ++i;
            start = i + 1;
        }
    }
    line(text.sliced(start));
}

// Writes into space already made in the buffer: an event is sized first and written in one
// go, because appending it field by field cost a dozen QByteArray::insert() calls per event
// (the mock server's burst spent more time there than in anything else).
class Cursor
{
public:
    Cursor(QByteArray &out, qsizetype size)
    {
        const qsizetype at = out.size();
        out.resize(at + size);
        m_p = out.data() + at;
    }
    void put(QByteArrayView bytes)
    {
        if (!bytes.isEmpty())
            std::memcpy(m_p, bytes.data(), size_t(bytes.size()));
        m_p += bytes.size();
    }
    void put(char c) { *m_p++ = c; }
    // A name or an id, which the format cannot break: line breaks become spaces.
    void putSingleLine(QByteArrayView value)
    {
        for (const char c : value)
            *m_p++ = isBreak(c) ? ' ' : c;
    }

private:
    char *m_p = nullptr;
};

} // namespace

namespace SseEncoder {

void appendEvent(QByteArray &out, const Event &event)
{
    // The data's lines: each becomes `data: <line>\n`, its line break replaced.
    qsizetype lines = 1;
    qsizetype breakBytes = 0;
    const qsizetype n = event.data.size();
    // Most data is one line: memchr finds that faster than a byte loop.
    const bool oneLine = n == 0
        || (!std::memchr(event.data.data(), '\n', size_t(n))
            && !std::memchr(event.data.data(), '\r', size_t(n)));
    for (qsizetype i = 0; !oneLine && i < n; ++i) {
        const char c = event.data[i];
        if (isBreak(c)) {
            ++lines;
            ++breakBytes;
            if (c == '\r' && i + 1 < n && event.data[i + 1] == '\n') {
                ++breakBytes;
                ++i;
            }
        }
    }
    char retry[24];
    const qsizetype retryDigits = event.retryMs >= 0
        ? std::to_chars(retry, retry + sizeof retry, event.retryMs).ptr - retry
        : 0;
    static constexpr QByteArrayView idName("id: "), typeName("event: "), retryName("retry: "),
        dataName("data: ");
    const qsizetype size =
        (event.hasId ? (event.id.isEmpty() ? 3 : idName.size() + event.id.size() + 1) : 0)
        + (event.type.isEmpty() ? 0 : typeName.size() + event.type.size() + 1)
        + (event.retryMs >= 0 ? retryName.size() + retryDigits + 1 : 0)
        + lines * (dataName.size() + 1) + n - breakBytes + 1;
    Cursor cursor(out, size);
    if (event.hasId) {
        if (event.id.isEmpty()) {
            cursor.put("id");
        } else {
            cursor.put(idName);
            cursor.putSingleLine(event.id);
        }
        cursor.put('\n');
    }
    if (!event.type.isEmpty()) {
        cursor.put(typeName);
        cursor.putSingleLine(event.type);
        cursor.put('\n');
    }
    if (event.retryMs >= 0) {
        cursor.put(retryName);
        cursor.put(QByteArrayView(retry, retryDigits));
        cursor.put('\n');
    }
    auto putLine = [&cursor](QByteArrayView line) {
        cursor.put(dataName);
        cursor.put(line);
        cursor.put('\n');
    };
    if (oneLine)
        putLine(event.data);
    else
        forEachLine(event.data, putLine);
    cursor.put('\n');
}

QByteArray event(const Event &event)
{
    QByteArray out;
    appendEvent(out, event);
    return out;
}

void appendComment(QByteArray &out, QByteArrayView text)
{
    forEachLine(text, [&out](QByteArrayView line) {
        out.append(": ");
        out.append(line);
        out.append('\n');
    });
}

void appendRetry(QByteArray &out, qint64 milliseconds)
{
    out.append("retry: ");
    out.append(QByteArray::number(milliseconds));
    out.append('\n');
}

} // namespace SseEncoder
