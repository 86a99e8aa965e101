// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "responseinspector.h"

#include "statebadge.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QString fieldLines(const QList<QPair<QByteArray, QByteArray>> &fields)
{
    QString out;
    for (const auto &field : fields)
        out += QString::fromLatin1(field.first) + QStringLiteral(": ")
            + QString::fromUtf8(field.second) + QLatin1Char('\n');
    return out;
}

QPlainTextEdit *textPage(const QString &text, const QString &name, QWidget *parent)
{
    auto *page = new QPlainTextEdit(parent);
    page->setObjectName(name);
    page->setReadOnly(true);
    page->setLineWrapMode(QPlainTextEdit::NoWrap);
    page->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    page->setPlainText(text);
    return page;
}

} // namespace

ResponseInspector::ResponseInspector(const AttemptPointer &attempt, int conn, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("responseInspector"));
    const AttemptInfo &a = *attempt;
    setWindowTitle(QStringLiteral("Connection %1: %2 %3")
                       .arg(conn)
                       .arg(QString::fromLatin1(a.method), QString::fromUtf8(a.url)));
    auto *layout = new QVBoxLayout(this);
    QString summary =
        a.status > 0 ? QStringLiteral("HTTP %1").arg(a.status) : QStringLiteral("no response");
    if (!a.protocol.isEmpty())
        summary += QStringLiteral(" over ") + StateBadge::protocolName(a.protocol);
    summary += QStringLiteral(", %1 transport").arg(QString::fromLatin1(a.transport));
    auto *heading = new QLabel(summary, this);
    heading->setObjectName(QStringLiteral("summary"));
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    layout->addWidget(heading);

    auto *tabs = new QTabWidget(this);
    tabs->addTab(textPage(requestText(a), QStringLiteral("request"), tabs),
                 QStringLiteral("Request"));
    tabs->addTab(textPage(responseText(a), QStringLiteral("response"), tabs),
                 QStringLiteral("Response"));
    tabs->addTab(timingTable(a), QStringLiteral("Timing"));
    tabs->setCurrentIndex(a.status > 0 ? 1 : 0);
    layout->addWidget(tabs, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 520);
}

QString ResponseInspector::requestText(const AttemptInfo &attempt)
{
    return QString::fromLatin1(attempt.method) + QLatin1Char(' ') + QString::fromUtf8(attempt.url)
        + QLatin1Char('\n') + fieldLines(attempt.requestHeaders);
}

QString ResponseInspector::responseText(const AttemptInfo &attempt)
{
    if (attempt.status <= 0)
        return QStringLiteral("No response head arrived for this request.");
    QString out = QStringLiteral("%1 %2 %3\n")
                      .arg(StateBadge::protocolName(attempt.protocol))
                      .arg(attempt.status)
                      .arg(QString::fromLatin1(attempt.reason));
    out += fieldLines(attempt.responseHeaders);
    if (attempt.bodyBytes > 0) {
        out += QLatin1Char('\n') + QString::fromUtf8(attempt.body);
        if (attempt.bodyBytes > attempt.body.size()) {
            out += QStringLiteral("\n[… %1 more bytes not kept]")
                       .arg(attempt.bodyBytes - attempt.body.size());
        }
    } else if (attempt.status != 200) {
        out += QStringLiteral("\n[no body had arrived with the head]");
    }
    return out;
}

QTableWidget *ResponseInspector::timingTable(const AttemptInfo &attempt)
{
    const auto phases = attempt.timing.phases();
    auto *table = new QTableWidget(int(phases.size()), 3, this);
    table->setObjectName(QStringLiteral("timing"));
    table->setHorizontalHeaderLabels(
        {QStringLiteral("Phase"), QStringLiteral("Since start"), QStringLiteral("Step")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(true);
    qint64 previous = 0;
    for (int i = 0; i < int(phases.size()); ++i) {
        const AttemptTiming::Phase &phase = phases[size_t(i)];
        table->setItem(i, 0, new QTableWidgetItem(QString::fromLatin1(phase.label)));
        const bool seen = phase.offsetNs >= 0;
        const auto ms = [](qint64 ns) {
            return QStringLiteral("%1 ms").arg(double(ns) / 1e6, 0, 'f', 2);
        };
        // QNAM resolves and connects out of sight; any other missing phase was not reached
        // (no TLS on http://, no event in a 404).
        const bool hidden = attempt.transport == "qnam" && i < 2;
        const QString missing = hidden ? QStringLiteral("not seen by the QNAM transport")
                                       : QStringLiteral("not reached");
        table->setItem(i, 1, new QTableWidgetItem(seen ? ms(phase.offsetNs) : missing));
        table->setItem(i, 2,
                       new QTableWidgetItem(seen ? ms(phase.offsetNs - previous) : QString()));
        if (seen)
            previous = phase.offsetNs;
    }
    table->resizeColumnsToContents();
    return table;
}
