// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "lenspane.h"

#include "gaphistogram.h"
#include "theme.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>

#include <cmath>

namespace {

// A lens time (ns since the request started, -1: not known) in ms.
QString millis(qint64 ns)
{
    if (ns < 0)
        return QStringLiteral("–");
    const double ms = double(ns) / 1e6;
    return ms < 10 ? QStringLiteral("%1 ms").arg(ms, 0, 'f', 1)
                   : QStringLiteral("%1 ms").arg(qint64(std::llround(ms)));
}

QString count(qint64 n)
{
    return n < 0 ? QStringLiteral("–") : QString::number(n);
}

QString usageText(const LensUsage &u)
{
    if (u.isEmpty())
        return QStringLiteral("not reported");
    QStringList parts;
    if (u.inputTokens >= 0)
        parts << QStringLiteral("in %1").arg(u.inputTokens);
    if (u.outputTokens >= 0)
        parts << QStringLiteral("out %1").arg(u.outputTokens);
    if (u.totalTokens >= 0)
        parts << QStringLiteral("total %1").arg(u.totalTokens);
    if (u.reasoningTokens >= 0)
        parts << QStringLiteral("reasoning %1").arg(u.reasoningTokens);
    return parts.join(QStringLiteral(" · "));
}

// "message 40 · ping 3 · 2 other"
QString countsText(const LensCounts &counts)
{
    if (counts.isEmpty())
        return QStringLiteral("–");
    QStringList parts;
    for (const auto &[name, n] : counts.names)
        parts << QStringLiteral("%1 %2").arg(QString::fromUtf8(name)).arg(n);
    if (counts.other > 0)
        parts << QStringLiteral("%1 other").arg(counts.other);
    return parts.join(QStringLiteral(" · "));
}

QString recognisedText(const QByteArray &by)
{
    if (by == "chosen")
        return QStringLiteral("chosen");
    if (by == "url")
        return QStringLiteral("recognised from the URL");
    if (by == "headers")
        return QStringLiteral("recognised from the headers");
    if (by == "events")
        return QStringLiteral("recognised from the events");
    return QString::fromUtf8(by);
}

QString problemTitle(LensProblem::Code code)
{
    QString name = QString::fromLatin1(LensProblem::codeName(code)).replace(u'_', u' ');
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

} // namespace

LensPane::LensPane(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_histogram(new GapHistogram(this))
    , m_problems(new QLabel(this))
    , m_text(new QTextEdit(this))
{
    setObjectName(QStringLiteral("lensPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_header->setObjectName(QStringLiteral("lensHeader"));
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setObjectName(QStringLiteral("lensFacts"));
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setObjectName(QStringLiteral("lensProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();
    m_text->setObjectName(QStringLiteral("lensText"));
    m_text->setReadOnly(true);
    m_text->setPlaceholderText(QStringLiteral("The answer appears here as it streams."));
    layout->addWidget(m_header);
    layout->addWidget(m_facts);
    layout->addWidget(m_histogram);
    layout->addWidget(m_problems);
    layout->addWidget(m_text, 1);
    clear();
}

QString LensPane::lensTitle(const QByteArray &name)
{
    if (name == "openai")
        return QStringLiteral("OpenAI Chat Completions");
    if (name == "openai-responses")
        return QStringLiteral("OpenAI Responses");
    if (name == "anthropic")
        return QStringLiteral("Anthropic Messages");
    if (name == "gemini")
        return QStringLiteral("Gemini");
    if (name == "mcp")
        return QStringLiteral("MCP");
    return QString::fromUtf8(name);
}

QString LensPane::standing(const LensFacts &f)
{
    if (f.lens == "mcp") {
        const int pending = f.mcp.pending();
        if (f.ended && pending > 0)
            return QStringLiteral("ended with %1 unanswered").arg(pending);
        if (f.ended)
            return QStringLiteral("ended");
        if (pending > 0)
            return QStringLiteral("waiting for %1 answer%2")
                .arg(pending)
                .arg(pending == 1 ? QString() : QStringLiteral("s"));
        return f.mcp.requests > 0 ? QStringLiteral("answered") : QStringLiteral("listening");
    }
    if (f.problem(LensProblem::Code::Truncated))
        return QStringLiteral("truncated");
    if (f.terminal) {
        return f.finishReason.isEmpty()
            ? QStringLiteral("finished")
            : QStringLiteral("finished: %1").arg(QString::fromUtf8(f.finishReason));
    }
    if (f.ended)
        return f.errorSeen ? QStringLiteral("ended on an error") : QStringLiteral("stopped");
    return f.firstTokenNs < 0 ? QStringLiteral("waiting for the first token")
                              : QStringLiteral("streaming");
}

void LensPane::setReport(const std::shared_ptr<const LensReport> &report)
{
    if (!report) {
        clear();
        return;
    }
    m_report = report;
    showFacts();
}

void LensPane::clear()
{
    m_report.reset();
    m_header->setText(QStringLiteral("No lens reads this stream."));
    m_facts->clear();
    m_facts->hide();
    m_histogram->setGaps(GapStats());
    m_histogram->hide();
    m_problems->clear();
    m_problems->hide();
    m_text->clear();
    m_shown.clear();
    m_shownRpcs.clear();
}

void LensPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The caption and state colours are written into rich text: a palette change rewrites it.
    if (event->type() == QEvent::PaletteChange && m_report)
        showFacts();
}

QSize LensPane::minimumSizeHint() const
{
    return {QWidget::minimumSizeHint().width(), fontMetrics().height() * 6};
}

void LensPane::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool compact = height() < fontMetrics().height() * 14;
    if (compact == m_compact)
        return;
    m_compact = compact;
    if (m_report)
        showFacts();
}

void LensPane::showFacts()
{
    const LensFacts &f = m_report->facts;
    const QString caption = Theme::captionColor(palette()).name();
    QColor stateColor = Theme::neutralColor();
    const QString state = standing(f);
    if (f.problem(LensProblem::Code::Truncated) || (f.ended && f.errorSeen))
        stateColor = Theme::errorColor();
    else if (f.terminal || (f.lens == "mcp" && f.mcp.requests > 0 && f.mcp.pending() == 0))
        stateColor = Theme::okColor();
    else if (f.lens == "mcp" && f.ended && f.mcp.pending() > 0)
        stateColor = Theme::errorColor();
    else if (!f.ended)
        stateColor = Theme::warningColor();
    QStringList about;
    if (!f.model.isEmpty())
        about << QString::fromUtf8(f.model).toHtmlEscaped();
    if (f.lens == "mcp") {
        const LensMcp &m = f.mcp;
        QString what = QString::fromUtf8(m.transport + ' ' + m.stream).trimmed();
        if (!m.serverName.isEmpty())
            what += QStringLiteral(" · %1 %2")
                        .arg(QString::fromUtf8(m.serverName), QString::fromUtf8(m.serverVersion));
        if (!m.protocolVersion.isEmpty())
            what += QStringLiteral(" · protocol %1").arg(QString::fromUtf8(m.protocolVersion));
        if (!m.sessionId.isEmpty())
            what += QStringLiteral(" · session %1").arg(QString::fromUtf8(m.sessionId));
        about << what.toHtmlEscaped();
    }
    about << recognisedText(f.recognisedBy).toHtmlEscaped();
    m_header->setText(QStringLiteral("<b>%1</b> <span style='color:%2'>%3</span> "
                                     "<b style='color:%4'>%5</b>")
                          .arg(lensTitle(f.lens).toHtmlEscaped(), caption,
                               about.join(QStringLiteral(" · ")), stateColor.name(),
                               state.toHtmlEscaped()));
    if (f.ended && !f.endReason.isEmpty())
        m_header->setToolTip(f.endReason);
    else
        m_header->setToolTip(QString());

    bool estimated = false;
    const double rate = f.tokensPerSecond(&estimated);
    const QString rateText = std::isnan(rate)
        ? QStringLiteral("–")
        : QStringLiteral("%1%2")
              .arg(rate, 0, 'f', 1)
              .arg(estimated ? QStringLiteral(" (est.)") : QString());
    const QString gaps = f.gaps.count() == 0
        ? QStringLiteral("–")
        : QStringLiteral("%1 / %2 / %3")
              .arg(millis(f.gaps.percentileNs(0.50)), millis(f.gaps.percentileNs(0.99)),
                   millis(f.gaps.maxNs()));
    const auto cell = [&caption](const QString &label, const QString &value) {
        return QStringLiteral("<td style='color:%1; padding-right:6px'>%2</td>"
                              "<td style='padding-right:14px'>%3</td>")
            .arg(caption, label, value.toHtmlEscaped());
    };
    QString table = QStringLiteral("<table cellspacing=0 cellpadding=0>");
    table += QStringLiteral("<tr>") + cell(QStringLiteral("First byte"), millis(f.firstByteNs))
        + cell(QStringLiteral("Tokens/s"), rateText) + QStringLiteral("</tr>");
    table += QStringLiteral("<tr>") + cell(QStringLiteral("First event"), millis(f.firstEventNs))
        + cell(QStringLiteral("Gaps p50/p99/max"), gaps) + QStringLiteral("</tr>");
    table += QStringLiteral("<tr>") + cell(QStringLiteral("First token"), millis(f.firstTokenNs))
        + cell(QStringLiteral("Finish"),
               f.finishReason.isEmpty() ? QStringLiteral("–") : QString::fromUtf8(f.finishReason))
        + QStringLiteral("</tr>");
    table += QStringLiteral("<tr>")
        + cell(QStringLiteral("Events"),
               QStringLiteral("%1 (%2 with content)").arg(count(f.events), count(f.contentEvents)))
        + cell(QStringLiteral("Usage"), usageText(f.usage)) + QStringLiteral("</tr>");
    if (f.lens == "mcp") {
        const LensMcp &m = f.mcp;
        table += QStringLiteral("<tr>")
            + cell(QStringLiteral("Requests"),
                   QStringLiteral("%1 (%2 answered, %3 errors, %4 pending)")
                       .arg(m.requests)
                       .arg(m.responses)
                       .arg(m.errors)
                       .arg(m.pending()))
            + cell(QStringLiteral("Messages"),
                   QStringLiteral("%1 (%2 priming events)").arg(m.messages).arg(m.primingEvents))
            + QStringLiteral("</tr>");
        if (!m.notifications.isEmpty() || !m.serverRequests.isEmpty()) {
            table += QStringLiteral("<tr>")
                + cell(QStringLiteral("Notifications"), countsText(m.notifications))
                + cell(QStringLiteral("Server requests"), countsText(m.serverRequests))
                + QStringLiteral("</tr>");
        }
    }
    const LensGeneric &g = f.generic;
    if (g.events > 0) {
        table += QStringLiteral("<tr>") + cell(QStringLiteral("Event types"), countsText(g.types))
            + cell(QStringLiteral("Data p50/p99/max"),
                   QStringLiteral("%1 / %2 / %3 B")
                       .arg(g.sizes.percentileNs(0.50))
                       .arg(g.sizes.percentileNs(0.99))
                       .arg(g.sizes.maxNs()))
            + QStringLiteral("</tr>");
    }
    if (!g.latencyField.isEmpty()) {
        QString latency = g.latency.count() == 0
            ? QStringLiteral("–")
            : QStringLiteral("%1 / %2 / %3")
                  .arg(millis(g.latency.percentileNs(0.50)), millis(g.latency.percentileNs(0.99)),
                       millis(g.latency.maxNs()));
        if (g.latencyNegative > 0)
            latency += QStringLiteral(" · %1 ahead of the clock").arg(g.latencyNegative);
        if (g.latencyMissing > 0)
            latency += QStringLiteral(" · %1 without it").arg(g.latencyMissing);
        table += QStringLiteral("<tr>")
            + cell(QStringLiteral("Latency %1 p50/p99/max").arg(g.latencyField), latency)
            + QStringLiteral("</tr>");
    }
    table += QStringLiteral("</table>");
    if (m_compact) {
        // The figures a reader looks for first, on one line; all of them on hovering.
        QStringList line;
        line << QStringLiteral("first token %1").arg(millis(f.firstTokenNs));
        if (!std::isnan(rate))
            line << QStringLiteral("%1 tokens/s").arg(rateText);
        if (f.gaps.count() > 0)
            line << QStringLiteral("gap p50 %1").arg(millis(f.gaps.percentileNs(0.50)));
        if (f.usage.outputTokens >= 0)
            line << QStringLiteral("%1 tokens out").arg(f.usage.outputTokens);
        m_facts->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                             .arg(caption, line.join(QStringLiteral(" · ")).toHtmlEscaped()));
        m_facts->setToolTip(table);
    } else {
        m_facts->setText(table);
        m_facts->setToolTip(QString());
    }
    m_facts->show();
    m_histogram->setGaps(f.gaps);
    m_histogram->setVisible(!m_compact);

    QStringList problems;
    for (const LensProblem &p : f.problems) {
        QString line = QStringLiteral("<b>%1</b>: %2")
                           .arg(problemTitle(p.code).toHtmlEscaped(), p.message.toHtmlEscaped());
        if (p.count > 1)
            line += QStringLiteral(" (×%1)").arg(p.count);
        problems << line;
    }
    m_problems->setText(
        QStringLiteral("<span style='color:%1'>%2</span>")
            .arg(Theme::errorColor().name(), problems.join(QStringLiteral("<br>"))));
    m_problems->setVisible(!problems.isEmpty());
    showText(f);
}

LensPane::ShownBlock LensPane::shown(const LensBlock &b)
{
    return {b.kind, b.choice, b.index, b.part, b.json, b.complete, b.capped, b.text.size()};
}

void LensPane::showText(const LensFacts &f)
{
    // Appending suffices when every block shown before is unchanged but for the last one's
    // text growing: the usual case of an answer streaming into its last block.
    // MCP's exchange is listed before the blocks: a change there lays it all out again.
    bool append = m_shown.size() <= f.blocks.size() && f.mcp.rpcs == m_shownRpcs;
    for (qsizetype i = 0; append && i < m_shown.size(); ++i) {
        const ShownBlock now = shown(f.blocks.at(i));
        const ShownBlock &was = m_shown.at(i);
        const bool sameBlock = now.kind == was.kind && now.choice == was.choice
            && now.index == was.index && now.part == was.part && now.json == was.json
            && now.complete == was.complete && now.capped == was.capped;
        const bool last = i == m_shown.size() - 1;
        append = sameBlock && (now.bytes == was.bytes || (last && now.bytes > was.bytes));
    }
    if (!append) {
        rebuildText(f);
        return;
    }
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    if (!m_shown.isEmpty()) {
        ShownBlock &last = m_shown.last();
        const LensBlock &block = f.blocks.at(m_shown.size() - 1);
        if (block.text.size() > last.bytes) {
            cursor.insertText(QString::fromUtf8(block.text.mid(last.bytes)),
                              bodyFormat(block.kind));
            last.bytes = block.text.size();
        }
    }
    for (qsizetype i = m_shown.size(); i < f.blocks.size(); ++i) {
        appendBlock(f.blocks.at(i), i == 0);
        m_shown.append(shown(f.blocks.at(i)));
    }
    if (atEnd)
        bar->setValue(bar->maximum());
}

void LensPane::rebuildText(const LensFacts &f)
{
    ++m_rebuilds;
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    const int position = bar->value();
    m_text->clear();
    m_shown.clear();
    m_shownRpcs = f.mcp.rpcs;
    const bool rpcs = !f.mcp.rpcs.isEmpty();
    if (rpcs)
        appendRpcs(f.mcp);
    for (qsizetype i = 0; i < f.blocks.size(); ++i) {
        appendBlock(f.blocks.at(i), i == 0 && !rpcs);
        m_shown.append(shown(f.blocks.at(i)));
    }
    bar->setValue(atEnd ? bar->maximum() : position);
}

void LensPane::appendRpcs(const LensMcp &mcp)
{
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    QTextCharFormat heading;
    heading.setForeground(Theme::captionColor(palette()));
    heading.setFontWeight(QFont::DemiBold);
    cursor.insertText(QStringLiteral("Requests and what answered them"), heading);
    QTextCharFormat plain;
    QTextCharFormat ok;
    ok.setForeground(Theme::okColor());
    QTextCharFormat bad;
    bad.setForeground(Theme::errorColor());
    QTextCharFormat waiting;
    waiting.setForeground(Theme::warningColor());
    QTextCharFormat summary;
    summary.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    summary.setForeground(Theme::captionColor(palette()));
    for (const LensRpc &rpc : mcp.rpcs) {
        cursor.insertBlock();
        const QString method = rpc.method.isEmpty() ? QStringLiteral("(request not on this stream)")
                                                    : QString::fromUtf8(rpc.method)
                + (rpc.target.isEmpty() ? QString() : u' ' + QString::fromUtf8(rpc.target));
        cursor.insertText(QStringLiteral("%1  id %2  ").arg(method, QString::fromUtf8(rpc.id)),
                          plain);
        const QString latency =
            rpc.latencyNs >= 0 ? QStringLiteral(" in %1").arg(millis(rpc.latencyNs)) : QString();
        switch (rpc.state) {
        case LensRpc::State::Pending:
            cursor.insertText(QStringLiteral("waiting"), waiting);
            break;
        case LensRpc::State::Result:
            cursor.insertText(rpc.toolError ? QStringLiteral("tool failed") + latency
                                            : QStringLiteral("result") + latency,
                              rpc.toolError ? bad : ok);
            break;
        case LensRpc::State::Error:
            cursor.insertText(
                QStringLiteral("error %1: %2%3").arg(rpc.errorCode).arg(rpc.errorMessage, latency),
                bad);
            break;
        }
        if (!rpc.summary.isEmpty())
            cursor.insertText(QStringLiteral("  ") + QString::fromUtf8(rpc.summary), summary);
    }
    if (mcp.rpcs.size() < mcp.requests + mcp.responses && mcp.rpcs.size() >= LensMcp::kMaxRpcs) {
        cursor.insertBlock();
        cursor.insertText(
            QStringLiteral("(more than %1: counted, not listed)").arg(LensMcp::kMaxRpcs), waiting);
    }
}

void LensPane::appendBlock(const LensBlock &block, bool first)
{
    QTextCursor cursor(m_text->document());
    cursor.movePosition(QTextCursor::End);
    if (!first)
        cursor.insertBlock();
    const QColor caption = Theme::captionColor(palette());
    QTextCharFormat heading;
    heading.setForeground(caption);
    heading.setFontWeight(QFont::DemiBold);
    QString title;
    switch (block.kind) {
    case LensBlock::Kind::Text:
        title = QStringLiteral("Answer");
        break;
    case LensBlock::Kind::Reasoning:
        title = QStringLiteral("Reasoning");
        break;
    case LensBlock::Kind::ToolCall:
        title = QStringLiteral("Tool call %1").arg(QString::fromUtf8(block.name));
        if (!block.id.isEmpty())
            title += QStringLiteral(" (%1)").arg(QString::fromUtf8(block.id));
        break;
    }
    if (block.choice > 0)
        title += QStringLiteral(" · choice %1").arg(block.choice);
    cursor.insertText(title, heading);
    if (block.kind == LensBlock::Kind::ToolCall) {
        QTextCharFormat verdict;
        switch (block.json) {
        case LensBlock::Json::Valid:
            verdict.setForeground(Theme::okColor());
            cursor.insertText(QStringLiteral(" · arguments are JSON"), verdict);
            break;
        case LensBlock::Json::Invalid:
            verdict.setForeground(Theme::errorColor());
            cursor.insertText(QStringLiteral(" · arguments are not JSON: %1").arg(block.jsonError),
                              verdict);
            break;
        case LensBlock::Json::Unchecked:
            verdict.setForeground(caption);
            cursor.insertText(block.complete ? QStringLiteral(" · arguments not checked")
                                             : QStringLiteral(" · arguments arriving"),
                              verdict);
            break;
        }
    }
    if (block.capped) {
        QTextCharFormat capped;
        capped.setForeground(Theme::warningColor());
        cursor.insertText(QStringLiteral(" · text past the memory cap is counted, not kept"),
                          capped);
    }
    cursor.insertBlock();
    cursor.insertText(QString::fromUtf8(block.text), bodyFormat(block.kind));
}

QTextCharFormat LensPane::bodyFormat(LensBlock::Kind kind) const
{
    QTextCharFormat body;
    if (kind == LensBlock::Kind::Reasoning) {
        body.setForeground(Theme::captionColor(palette()));
        body.setFontItalic(true);
    } else if (kind == LensBlock::Kind::ToolCall) {
        body.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    return body;
}
