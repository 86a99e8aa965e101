// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctorpane.h"

#include "doctor/doctorhtml.h"
#include "theme.h"

#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace {

using Severity = DoctorFinding::Severity;

const QString kFolderKey = QStringLiteral("doctor/folder");
const QString kBudgetKey = QStringLiteral("doctor/budget");
const QString kTextFilter = QStringLiteral("Text report (*.txt)");
const QString kJsonFilter = QStringLiteral("JSON report (*.json)");
const QString kHtmlFilter = QStringLiteral("HTML page with plots (*.html *.htm)");

constexpr int IndexRole = Qt::UserRole; // into the report's findings
constexpr int IdRole = Qt::UserRole + 1; // the finding's id, to keep it selected

// A budget as the choice names it: 20 s, 2 min.
QString budgetText(qint64 ms)
{
    if (ms >= 60000 && ms % 60000 == 0)
        return QStringLiteral("%1 min").arg(ms / 60000);
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

// The analysis writes titles as clauses ("the request failed: ..."); a list shows sentences.
QString sentence(const QString &text)
{
    return text.isEmpty() ? text : text.at(0).toUpper() + text.mid(1);
}

QColor infoColor(const QPalette &palette)
{
    return Theme::isDark(palette) ? QColor(0x60, 0xa5, 0xfa) : QColor(0x25, 0x63, 0xeb);
}

enum class Glyph { Cross, Bang, Info, Tick, Dash };

// Drawn, so that they follow the palette and need no image files: a filled disc (a triangle
// for a warning) with a white glyph, the shape telling as much as the colour.
QIcon badge(Glyph glyph, const QColor &color, bool triangle)
{
    constexpr int size = 32;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    if (triangle) {
        QPainterPath path;
        path.moveTo(16, 2.5);
        path.lineTo(30, 28.5);
        path.lineTo(2, 28.5);
        path.closeSubpath();
        p.drawPath(path);
    } else {
        p.drawEllipse(QRectF(3, 3, size - 6, size - 6));
    }
    QPen pen(Qt::white, 4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    switch (glyph) {
    case Glyph::Cross:
        p.drawLine(QPointF(11, 11), QPointF(21, 21));
        p.drawLine(QPointF(21, 11), QPointF(11, 21));
        break;
    case Glyph::Bang:
        p.drawLine(QPointF(16, 11), QPointF(16, 18.5));
        p.drawPoint(QPointF(16, 24));
        break;
    case Glyph::Info:
        p.drawPoint(QPointF(16, 9.5));
        p.drawLine(QPointF(16, 15), QPointF(16, 23));
        break;
    case Glyph::Tick:
        p.drawPolyline(QPolygonF({{9, 16.5}, {14, 21.5}, {23, 11}}));
        break;
    case Glyph::Dash:
        p.drawLine(QPointF(10, 16), QPointF(22, 16));
        break;
    }
    p.end();
    return QIcon(pixmap);
}

QString plural(qsizetype n, const QString &one, const QString &many)
{
    return n == 1 ? QStringLiteral("1 ") + one : QStringLiteral("%1 ").arg(n) + many;
}

} // namespace

DoctorPane::DoctorPane(QWidget *parent)
    : QWidget(parent)
    , m_doctor(new Doctor(this))
{
    setObjectName(QStringLiteral("doctorPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);

    auto *buttons = new QHBoxLayout;
    m_budget = new QComboBox(this);
    m_budget->setObjectName(QStringLiteral("doctorBudget"));
    m_budget->setToolTip(QStringLiteral(
        "How long the doctor holds the stream: Quick sees the headers, buffering and the "
        "resume; Full also meets the idle timeouts of common proxies (30 to 60 s)"));
    fillBudgets();
    m_budget->setCurrentIndex(
        QSettings().value(kBudgetKey).toString() == QLatin1String("full") ? 1 : 0);
    m_run = new QPushButton(QStringLiteral("Diagnose"), this);
    m_run->setObjectName(QStringLiteral("doctorRun"));
    m_run->setDefault(true);
    m_run->setToolTip(QStringLiteral(
        "Diagnose this tab's request as it would be sent, on connections of the doctor's own "
        "(the tab's stream is not touched): hold the stream for the budget, then reconnect "
        "with Last-Event-ID"));
    m_stop = new QPushButton(QStringLiteral("Stop"), this);
    m_stop->setObjectName(QStringLiteral("doctorStop"));
    m_stop->setToolTip(QStringLiteral("End the run now: the report covers what ran"));
    m_copy = new QPushButton(QStringLiteral("Copy report"), this);
    m_copy->setObjectName(QStringLiteral("doctorCopy"));
    m_copy->setToolTip(QStringLiteral("The report as text, as ssemon-cli doctor prints it"));
    m_save = new QPushButton(QStringLiteral("Save report…"), this);
    m_save->setObjectName(QStringLiteral("doctorSave"));
    m_save->setToolTip(QStringLiteral("The report as text, as JSON (ssemon-cli doctor --json) or "
                                      "as an HTML page with plots (--html)"));
    buttons->addWidget(m_budget);
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_save);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("doctorError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_intro = new QLabel(
        QStringLiteral(
            "The doctor diagnoses this tab's request as it would be sent (its variables "
            "resolved, headers, body, auth, TLS and proxy) on connections of its own: it holds "
            "the stream for the budget, watching the response headers, buffering on the way, "
            "heartbeats and how the stream ends, then reconnects with Last-Event-ID and checks "
            "the replay. Each finding comes with its evidence and the fix; what could not be "
            "measured is said so."),
        this);
    m_intro->setObjectName(QStringLiteral("doctorIntro"));
    m_intro->setWordWrap(true);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("doctorProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_doing = new QLabel(this);
    m_doing->setObjectName(QStringLiteral("doctorDoing"));
    m_doing->setWordWrap(true);
    m_doing->setTextFormat(Qt::PlainText);
    m_doing->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_doing->hide();
    m_plan = new QLabel(this);
    m_plan->setObjectName(QStringLiteral("doctorPlan"));
    m_plan->setWordWrap(true);
    m_plan->setTextFormat(Qt::PlainText);
    m_plan->hide();

    // The report: the verdict, the findings, and beside the selected one the measurements.
    m_reportArea = new QWidget(this);
    m_reportArea->setObjectName(QStringLiteral("doctorReport"));
    auto *reportLayout = new QVBoxLayout(m_reportArea);
    reportLayout->setContentsMargins(0, 0, 0, 0);
    reportLayout->setSpacing(4);
    auto *verdictRow = new QHBoxLayout;
    m_verdictIcon = new QLabel(m_reportArea);
    m_verdict = new QLabel(m_reportArea);
    m_verdict->setObjectName(QStringLiteral("doctorVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::PlainText);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_verdict->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_verdict->setFont(big);
    verdictRow->addWidget(m_verdictIcon, 0, Qt::AlignTop);
    verdictRow->addWidget(m_verdict, 1);
    m_runInfo = new QLabel(m_reportArea);
    m_runInfo->setObjectName(QStringLiteral("doctorRunInfo"));
    m_runInfo->setWordWrap(true);
    m_runInfo->setTextFormat(Qt::PlainText);
    m_runInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *splitter = m_reportSplitter = new QSplitter(Qt::Vertical, m_reportArea);
    splitter->setObjectName(QStringLiteral("doctorSplitter"));
    splitter->setChildrenCollapsible(false);
    m_findings = new QTreeWidget(splitter);
    m_findings->setObjectName(QStringLiteral("doctorFindings"));
    m_findings->setHeaderLabels({QStringLiteral("Severity"), QStringLiteral("Finding")});
    m_findings->setRootIsDecorated(false);
    m_findings->setUniformRowHeights(true);
    m_findings->setTextElideMode(Qt::ElideRight);
    m_findings->header()->setStretchLastSection(true);
    m_findings->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    // A scroll area's own minimum is several rows: one finding needs its header and a row.
    m_findings->setMinimumHeight(m_findings->fontMetrics().height() * 3);

    m_tabs = new QTabWidget(splitter);
    m_tabs->setObjectName(QStringLiteral("doctorTabs"));
    m_tabs->setDocumentMode(true);
    // One scrolling document, so that a short pane still shows all of it.
    m_finding = new QTextBrowser(m_tabs);
    m_finding->setObjectName(QStringLiteral("doctorFinding"));
    m_finding->setOpenLinks(false);
    m_finding->setPlaceholderText(QStringLiteral("The selected finding's evidence and fix."));

    // Tables in documents: long values and notes wrap to the pane's width, and copy as text.
    m_facts = new QTextBrowser(m_tabs);
    m_facts->setObjectName(QStringLiteral("doctorFacts"));
    m_coverage = new QTextBrowser(m_tabs);
    m_coverage->setObjectName(QStringLiteral("doctorCoverage"));
    m_tabs->addTab(m_finding, QStringLiteral("Evidence and fix"));
    m_tabs->addTab(m_facts, QStringLiteral("Measured"));
    m_tabs->addTab(m_coverage, QStringLiteral("Coverage"));
    splitter->addWidget(m_findings);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);

    reportLayout->addLayout(verdictRow);
    reportLayout->addWidget(m_runInfo);
    reportLayout->addWidget(splitter, 1);
    m_reportArea->hide();

    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addWidget(m_doing);
    layout->addWidget(m_plan);
    layout->addWidget(m_intro);
    layout->addWidget(m_reportArea, 1);
    layout->addStretch(0);

    connect(m_run, &QPushButton::clicked, this, &DoctorPane::run);
    connect(m_stop, &QPushButton::clicked, this, &DoctorPane::stop);
    connect(m_copy, &QPushButton::clicked, this, &DoctorPane::copyReport);
    connect(m_save, &QPushButton::clicked, this, &DoctorPane::chooseSave);
    connect(m_budget, &QComboBox::activated, this, [this] {
        QSettings().setValue(kBudgetKey,
                             budget() == Budget::Full ? QStringLiteral("full")
                                                      : QStringLiteral("quick"));
    });
    connect(m_findings, &QTreeWidget::currentItemChanged, this, &DoctorPane::showFinding);
    connect(m_doctor, &Doctor::progressed, this, &DoctorPane::onProgress);
    connect(m_doctor, &Doctor::finished, this, &DoctorPane::onFinished);
    updateButtons();
    changeEvent(nullptr);
}

DoctorPane::~DoctorPane()
{
    // The doctor goes first, quietly: it must not report into the half-destroyed pane.
    disconnect(m_doctor, nullptr, this, nullptr);
    delete m_doctor;
    m_doctor = nullptr;
}

void DoctorPane::fillBudgets()
{
    const int current = std::max(0, m_budget->currentIndex());
    const QSignalBlocker blocker(m_budget);
    m_budget->clear();
    m_budget->addItem(QStringLiteral("Quick (%1)").arg(budgetText(m_budgetsMs[0])));
    m_budget->addItem(QStringLiteral("Full (%1)").arg(budgetText(m_budgetsMs[1])));
    m_budget->setCurrentIndex(current);
}

void DoctorPane::setBudgets(qint64 quickMs, qint64 fullMs)
{
    m_budgetsMs[0] = quickMs;
    m_budgetsMs[1] = fullMs;
    fillBudgets();
}

qint64 DoctorPane::budgetMs(Budget budget) const
{
    return m_budgetsMs[budget == Budget::Full ? 1 : 0];
}

DoctorPane::Budget DoctorPane::budget() const
{
    return m_budget->currentIndex() == 1 ? Budget::Full : Budget::Quick;
}

void DoctorPane::setBudget(Budget budget)
{
    m_budget->setCurrentIndex(budget == Budget::Full ? 1 : 0);
}

bool DoctorPane::isRunning() const
{
    return m_doctor->isRunning();
}

QString DoctorPane::severityWord(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("Error");
    case Severity::Warning:
        return QStringLiteral("Warning");
    case Severity::Info:
        return QStringLiteral("Info");
    }
    return {};
}

QColor DoctorPane::severityColor(Severity severity, const QPalette &palette)
{
    switch (severity) {
    case Severity::Error:
        return Theme::errorColor();
    case Severity::Warning:
        return Theme::warningColor();
    case Severity::Info:
        return infoColor(palette);
    }
    return Theme::neutralColor();
}

QIcon DoctorPane::severityIcon(Severity severity, const QPalette &palette)
{
    switch (severity) {
    case Severity::Error:
        return badge(Glyph::Cross, severityColor(severity, palette), false);
    case Severity::Warning:
        return badge(Glyph::Bang, severityColor(severity, palette), true);
    case Severity::Info:
        return badge(Glyph::Info, severityColor(severity, palette), false);
    }
    return {};
}

QString DoctorPane::verdict(const DoctorReport &report)
{
    if (report.findings.isEmpty())
        return QStringLiteral("No findings — the stream looks healthy");
    qsizetype counts[3] = {0, 0, 0};
    for (const DoctorFinding &f : report.findings)
        ++counts[int(f.severity)];
    const qsizetype errors = counts[int(Severity::Error)];
    const qsizetype warnings = counts[int(Severity::Warning)];
    const qsizetype infos = counts[int(Severity::Info)];
    QStringList parts;
    if (errors)
        parts << plural(errors, QStringLiteral("error"), QStringLiteral("errors"));
    if (warnings)
        parts << plural(warnings, QStringLiteral("warning"), QStringLiteral("warnings"));
    if (infos)
        parts << plural(infos, QStringLiteral("note"), QStringLiteral("notes"));
    if (!errors && !warnings)
        return QStringLiteral("No errors or warnings — ") + parts.join(QStringLiteral(", "));
    return parts.join(QStringLiteral(", "));
}

void DoctorPane::changeEvent(QEvent *event)
{
    if (event)
        QWidget::changeEvent(event);
    if (event && event->type() != QEvent::PaletteChange)
        return;
    const QString caption = QStringLiteral("color: %1;").arg(Theme::captionColor(palette()).name());
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::errorColor().name()));
    m_intro->setStyleSheet(caption);
    m_plan->setStyleSheet(caption);
    m_runInfo->setStyleSheet(caption);
    // The icons and colours are drawn for the palette.
    if (m_hasReport)
        showReport();
}

void DoctorPane::run()
{
    if (isRunning())
        return;
    SseClientOptions request;
    QString error;
    // The tab's own check: no URL, one that is no http(s) URL, an undefined variable.
    const bool ok = m_source && m_source(&request, &error);
    if (!m_source)
        error = QStringLiteral("this pane belongs to no tab");
    if (!ok) {
        m_error->setText(QStringLiteral("Not diagnosed: ") + error);
        m_error->show();
        return;
    }
    m_error->hide();
    DoctorOptions options = m_tuning;
    options.request = request;
    options.budgetMs = budgetMs(budget());
    m_doctor->setOptions(options);
    m_stopped = false;
    // What the doctor does stays in sight while it runs; the last report goes.
    m_intro->show();
    m_reportArea->hide();
    m_progress->setRange(0, int(std::clamp<qint64>(options.budgetMs, 1, INT_MAX)));
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("0 s of %1").arg(budgetText(options.budgetMs)));
    m_progress->show();
    m_doing->setText(QStringLiteral("Connecting to %1…").arg(request.url.toDisplayString()));
    m_doing->show();
    m_doctor->start();
    m_plan->setText(
        QStringLiteral("The reconnect with Last-Event-ID comes at %1 (or as soon as the stream "
                       "ends). Stop ends the run with what was found so far.")
            .arg(budgetText(options.budgetMs - m_doctor->resumeMs())));
    m_plan->show();
    updateButtons();
    m_stop->setFocus();
}

void DoctorPane::stop()
{
    if (!isRunning())
        return;
    m_stopped = true;
    m_doctor->stop(QStringLiteral("stopped"));
}

void DoctorPane::onProgress(qint64 elapsedMs, qint64 budgetMs, const QString &doing)
{
    m_progress->setValue(int(std::clamp<qint64>(elapsedMs, 0, m_progress->maximum())));
    m_progress->setFormat(
        QStringLiteral("%1 s of %2").arg(elapsedMs / 1000).arg(budgetText(budgetMs)));
    m_doing->setText(sentence(doing));
}

void DoctorPane::onFinished(const DoctorReport &report)
{
    m_report = report;
    m_hasReport = true;
    const qint64 budget = std::max<qint64>(1, report.budgetMs);
    if (m_stopped) {
        m_progress->setValue(int(std::clamp<qint64>(report.elapsedMs, 0, m_progress->maximum())));
        m_progress->setFormat(QStringLiteral("Stopped at %1 of %2")
                                  .arg(seconds(report.elapsedMs), budgetText(budget)));
    } else {
        m_progress->setValue(m_progress->maximum());
        m_progress->setFormat(QStringLiteral("Done in %1").arg(seconds(report.elapsedMs)));
    }
    m_doing->hide();
    m_plan->hide();
    m_intro->hide();
    m_reportArea->show();
    // Laid out now, so that the list can be sized to its findings.
    layout()->activate();
    m_reportArea->layout()->activate();
    showReport();
    fitFindings();
    updateButtons();
    m_run->setFocus();
    Q_EMIT runFinished();
}

void DoctorPane::showVerdict()
{
    const QPalette &pal = palette();
    QIcon icon;
    QColor color;
    if (m_report.findings.isEmpty()) {
        color = Theme::okColor();
        icon = badge(Glyph::Tick, color, false);
    } else {
        const Severity worst = m_report.worst();
        color = severityColor(worst, pal);
        icon = severityIcon(worst, pal);
    }
    const int side = m_verdict->fontMetrics().height();
    m_verdictIcon->setPixmap(icon.pixmap(side, side));
    m_verdict->setText(verdict(m_report));
    m_verdict->setStyleSheet(QStringLiteral("color: %1;").arg(color.name()));
    QString info =
        QStringLiteral("%1 · ran %2 of a %3 budget")
            .arg(m_report.url, seconds(m_report.elapsedMs), budgetText(m_report.budgetMs));
    if (m_stopped)
        info += QStringLiteral(" · stopped: the report covers what ran");
    else if (!m_report.endedBy.isEmpty())
        info += QStringLiteral(" · ended: ") + m_report.endedBy;
    m_runInfo->setText(info);
}

void DoctorPane::showReport()
{
    showVerdict();
    const QPalette &pal = palette();
    // A finding selected before (a palette change, Run again) stays selected while it is there.
    const QString selectedId = m_findings->currentItem()
        ? m_findings->currentItem()->data(0, IdRole).toString()
        : QString();
    {
        const QSignalBlocker blocker(m_findings);
        m_findings->clear();
        for (qsizetype i = 0; i < m_report.findings.size(); ++i) {
            const DoctorFinding &f = m_report.findings.at(i);
            auto *item = new QTreeWidgetItem(m_findings);
            item->setIcon(0, severityIcon(f.severity, pal));
            item->setText(0, severityWord(f.severity));
            item->setForeground(0, severityColor(f.severity, pal));
            QFont font = item->font(0);
            font.setBold(f.severity == Severity::Error);
            item->setFont(0, font);
            item->setText(1, sentence(f.title));
            // Escaped: a tooltip that looks like markup would be drawn as rich text.
            item->setToolTip(1,
                             QStringLiteral("<qt>%1 (%2)</qt>")
                                 .arg(sentence(f.title).toHtmlEscaped(), f.id.toHtmlEscaped()));
            item->setData(0, IndexRole, int(i));
            item->setData(0, IdRole, f.id);
        }
    }
    const bool any = !m_report.findings.isEmpty();
    m_findings->setVisible(any);
    m_tabs->setTabVisible(m_tabs->indexOf(m_finding), any);
    // The most severe first: it is selected, its evidence shown.
    QTreeWidgetItem *select = m_findings->topLevelItem(0);
    for (int i = 0; i < m_findings->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_findings->topLevelItem(i);
        if (!selectedId.isEmpty() && item->data(0, IdRole).toString() == selectedId)
            select = item;
    }
    m_findings->setCurrentItem(select);
    showFinding();
    if (!any)
        m_tabs->setCurrentWidget(m_facts);
    else if (m_tabs->currentWidget() != m_finding && selectedId.isEmpty())
        m_tabs->setCurrentWidget(m_finding);

    const QString caption = Theme::captionColor(pal).name();
    const QString table =
        QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">");
    const QString head = QStringLiteral("<th align=\"left\" style=\"color: %1;\">%2</th>");
    QString facts = table + QStringLiteral("<tr>") + head.arg(caption, QStringLiteral("Probe"))
        + head.arg(caption, QStringLiteral("Measure")) + head.arg(caption, QStringLiteral("Value"))
        + QStringLiteral("</tr>");
    for (const DoctorFact &fact : std::as_const(m_report.facts)) {
        facts += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                     .arg(fact.probe.toHtmlEscaped(), fact.label.toHtmlEscaped(),
                          fact.value.toHtmlEscaped());
    }
    m_facts->setHtml(facts + QStringLiteral("</table>"));
    // A mark, a colour and a word: measured or not.
    QString coverage = table + QStringLiteral("<tr>") + head.arg(caption, QStringLiteral("Probe"))
        + head.arg(caption, QStringLiteral("Status"))
        + head.arg(caption, QStringLiteral("What and why")) + QStringLiteral("</tr>");
    for (const DoctorCoverage &c : std::as_const(m_report.coverage)) {
        const QColor color = c.measured ? Theme::okColor() : Theme::captionColor(pal);
        coverage +=
            QStringLiteral("<tr><td>%1</td><td style=\"color: %2; white-space: nowrap;\">"
                           "%3</td><td>%4</td></tr>")
                .arg(c.probe.toHtmlEscaped(), color.name(),
                     c.measured ? QStringLiteral("✓ measured") : QStringLiteral("– not measured"),
                     c.note.toHtmlEscaped());
    }
    m_coverage->setHtml(coverage + QStringLiteral("</table>"));
    int notMeasured = 0;
    for (const DoctorCoverage &c : std::as_const(m_report.coverage))
        notMeasured += c.measured ? 0 : 1;
    m_tabs->setTabText(m_tabs->indexOf(m_facts),
                       QStringLiteral("Measured (%1)").arg(m_report.facts.size()));
    m_tabs->setTabText(m_tabs->indexOf(m_coverage),
                       notMeasured ? QStringLiteral("Coverage (%1 not measured)").arg(notMeasured)
                                   : QStringLiteral("Coverage"));
}

void DoctorPane::fitFindings()
{
    // The list as tall as its findings (up to six rows): the rest is for the evidence.
    if (m_report.findings.isEmpty())
        return;
    const QList<int> sizes = m_reportSplitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    const int rows = std::min(m_findings->topLevelItemCount(), 6);
    const int wanted =
        std::min(total / 2,
                 m_findings->header()->sizeHint().height() + rows * m_findings->sizeHintForRow(0)
                     + 2 * m_findings->frameWidth() + 2);
    if (total > 0)
        m_reportSplitter->setSizes({wanted, total - wanted});
}

void DoctorPane::showFinding()
{
    QTreeWidgetItem *item = m_findings->currentItem();
    if (!item) {
        m_finding->clear();
        return;
    }
    const DoctorFinding &f = m_report.findings.at(item->data(0, IndexRole).toInt());
    const QString caption = Theme::captionColor(palette()).name();
    QString html = QStringLiteral("<p style=\"color: %1;\"><b>%2: %3</b> "
                                  "<span style=\"color: %4;\">(%5)</span></p>")
                       .arg(severityColor(f.severity, palette()).name(), severityWord(f.severity),
                            sentence(f.title).toHtmlEscaped(), caption, f.id.toHtmlEscaped());
    // Header lines and escaped bytes line up as the server sent them, and wrap.
    const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    html += QStringLiteral("<p style=\"color: %1;\">Evidence</p>").arg(caption);
    for (const QString &line : f.evidence) {
        html += QStringLiteral("<p style=\"white-space: pre-wrap; font-family: '%1'; "
                               "margin-left: 8px;\">%2</p>")
                    .arg(fixed, line.toHtmlEscaped());
    }
    html +=
        QStringLiteral("<p style=\"color: %1;\">Fix</p><p style=\"margin-left: 8px;\">%2</p>")
            .arg(caption,
                 f.fix.isEmpty() ? QStringLiteral("(nothing to change)") : f.fix.toHtmlEscaped());
    m_finding->setHtml(html);
    if (m_tabs->currentWidget() != m_finding && m_findings->hasFocus())
        m_tabs->setCurrentWidget(m_finding);
}

void DoctorPane::updateButtons()
{
    const bool running = isRunning();
    m_run->setText(m_hasReport ? QStringLiteral("Run again") : QStringLiteral("Diagnose"));
    m_run->setEnabled(!running);
    m_budget->setEnabled(!running);
    m_stop->setEnabled(running);
    m_copy->setEnabled(!running && m_hasReport);
    m_save->setEnabled(!running && m_hasReport);
}

void DoctorPane::copyReport()
{
    if (!m_hasReport)
        return;
    QGuiApplication::clipboard()->setText(QString::fromUtf8(m_report.toText()));
    Q_EMIT notice(QStringLiteral("Copied the doctor's report"));
}

DoctorPane::Format DoctorPane::formatFor(const QString &filter, const QString &path)
{
    // A name typed with a known suffix is what the user asked for, whatever filter the dialog
    // still shows; a name without one takes the chosen filter's format.
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("json"))
        return Format::Json;
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return Format::Html;
    if (suffix == QLatin1String("txt"))
        return Format::Text;
    if (filter == kJsonFilter)
        return Format::Json;
    if (filter == kHtmlFilter)
        return Format::Html;
    return Format::Text;
}

void DoctorPane::chooseSave()
{
    if (!m_hasReport)
        return;
    QSettings settings;
    const QString folder = settings.value(kFolderKey, QDir::homePath()).toString();
    QString filter = kTextFilter;
    const QString path = QFileDialog::getSaveFileName(
        this, QStringLiteral("Save the doctor's report"),
        QDir(folder).filePath(QStringLiteral("doctor-report.txt")),
        kTextFilter + QStringLiteral(";;") + kJsonFilter + QStringLiteral(";;") + kHtmlFilter,
        &filter);
    if (path.isEmpty())
        return;
    settings.setValue(kFolderKey, QFileInfo(path).absolutePath());
    QString error;
    if (saveReport(path, formatFor(filter, path), &error))
        Q_EMIT notice(
            QStringLiteral("Doctor's report written to %1").arg(QDir::toNativeSeparators(path)));
    else
        QMessageBox::warning(this, QStringLiteral("Save the doctor's report"), error);
}

bool DoctorPane::saveReport(const QString &path, Format format, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    switch (format) {
    case Format::Text:
        file.write(m_report.toText());
        break;
    case Format::Json:
        file.write(m_report.toJson());
        break;
    case Format::Html:
        file.write(DoctorHtml::page(m_report));
        break;
    }
    if (!file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
