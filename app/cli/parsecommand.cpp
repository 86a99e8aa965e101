// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "cliargs.h"
#include "commands.h"
#include "output.h"

#include "io/recordformatter.h"
#include "sse/idtracker.h"
#include "sse/sseparser.h"

#include <QCoreApplication>
#include <QFile>

#include <unistd.h>

namespace {

// Turns parser callbacks into records (or, with --quiet, only into the counts of the end
// record) in one buffer that is written once per read.
class ParseSink : public SseParser::Handler
{
public:
    ParseSink(RecordFormatter *formatter, bool quiet)
        : m_formatter(formatter)
        , m_quiet(quiet)
    { }

    // Views only: nothing is copied, so --quiet validates a stream without allocating.
    void eventView(const SseEventView &event) override
    {
        ++m_end.events;
        if (event.idInBlock)
            m_ids.observe(event.id);
        if (!m_quiet)
            m_formatter->appendEvent(m_out, event.type, event.data, event.id, m_end.events, 1,
                                     m_tUs);
    }
    void comment(QByteArrayView text) override
    {
        if (!m_quiet)
            m_formatter->appendComment(m_out, text, 1, m_tUs);
    }
    void retry(qint64 ms) override
    {
        m_end.retryMs = ms;
        if (!m_quiet)
            m_formatter->appendRetry(m_out, ms, 1, m_tUs);
    }

    void setTime(qint64 tUs) { m_tUs = tUs; }
    QByteArray &buffer() { return m_out; }
    RecordFormatter::EndSummary end(const QByteArray &lastEventId)
    {
        m_end.lastEventId = lastEventId;
        m_end.lost = m_ids.lost();
        m_end.duplicates = m_ids.duplicates();
        return m_end;
    }

private:
    RecordFormatter *m_formatter;
    bool m_quiet;
    QByteArray m_out;
    IdTracker m_ids;
    RecordFormatter::EndSummary m_end;
    qint64 m_tUs = 0;
};

} // namespace

int runParse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Parses raw text/event-stream bytes from FILE (or standard input when FILE is "
        "absent or '-') exactly as a browser would, and prints what it finds as records."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print NDJSON records."));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("Print only the final `end` record."));
    parser.addOptions({json, quiet});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Input file, or '-'."),
                                 QStringLiteral("[FILE]"));
    CliArgs args(parser, QStringLiteral("parse"));
    args.addLimitOptions();
    if (!args.parse(arguments))
        return ExitUsage;
    if (parser.isSet(QStringLiteral("help"))) {
        args.printHelp();
        return ExitOk;
    }
    SseParser::Limits limits;
    if (!args.readLimits(&limits))
        return ExitUsage;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        args.usageError(QStringLiteral("takes at most one FILE"));
        return ExitUsage;
    }

    const qint64 originNs = monotonicNowNs();
    RecordFormatter formatter(parser.isSet(json) ? RecordFormatter::Style::Json
                                                 : RecordFormatter::Style::Text,
                              !parser.isSet(json) && Output::wantsColor(STDOUT_FILENO));
    formatter.setOrigin(originNs);
    ParseSink sink(&formatter, parser.isSet(quiet));
    SseParser sse(&sink, limits);

    QFile file;
    const QString path = positional.value(0, QStringLiteral("-"));
    const bool fromStdin = path == QStringLiteral("-");
    bool opened = fromStdin ? file.open(STDIN_FILENO, QIODevice::ReadOnly)
                            : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    QByteArray &out = sink.buffer();
    bool readError = false;
    qint64 bytesRead = 0;
    if (!opened) {
        formatter.appendError(
            out, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()), 0, 0);
        readError = true;
    } else {
        constexpr qint64 sliceSize = 1 << 20;
        // A regular file is mapped and parsed in place; a pipe is read slice by slice.
        const qint64 fileSize = fromStdin ? 0 : file.size();
        uchar *mapped = fileSize > 0 ? file.map(0, fileSize) : nullptr;
        QByteArray slice;
        qint64 offset = 0;
        while (true) {
            QByteArrayView view;
            if (mapped) {
                if (offset >= fileSize)
                    break;
                view = QByteArrayView(reinterpret_cast<const char *>(mapped) + offset,
                                      std::min(sliceSize, fileSize - offset));
                offset += view.size();
            } else {
                slice.resize(sliceSize);
                const qint64 n = file.read(slice.data(), sliceSize);
                if (n < 0) {
                    formatter.appendError(
                        out, QStringLiteral("read error on %1: %2").arg(path, file.errorString()),
                        0, formatter.elapsedUs());
                    readError = true;
                    break;
                }
                if (n == 0)
                    break;
                view = QByteArrayView(slice.constData(), n);
            }
            if (!parser.isSet(quiet))
                sink.setTime(formatter.elapsedUs());
            bytesRead += view.size();
            const bool ok = sse.feed(view);
            if (!ok)
                formatter.appendError(out, sse.errorString(), 1, formatter.elapsedUs());
            if (!out.isEmpty()) {
                if (!Output::writeAll(STDOUT_FILENO, out))
                    return ExitFailed;
                out.resize(0);
            }
            if (!ok)
                break;
        }
        // WHATWG: at end of stream an unterminated event is discarded.
        sse.finish();
    }
    RecordFormatter::EndSummary end = sink.end(sse.lastEventId());
    end.bytes = bytesRead;
    formatter.appendEnd(out, end);
    Output::writeAll(STDOUT_FILENO, out);
    // The contract: parse exits 0 whatever the bytes were; an unreadable input is a failure.
    return readError ? ExitFailed : ExitOk;
}
