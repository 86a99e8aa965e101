// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "checkpane.h"

#include "check/checkreader.h"
#include "check/checkreport.h"
#include "check/checkrunner.h"
#include "client/sseclient.h"
#include "theme.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int StateRole = Qt::UserRole;
constexpr int StepRole = Qt::UserRole + 1;
constexpr int IndexRole = Qt::UserRole + 2;

const QString kFolderKey = QStringLiteral("checks/folder");

QString lastFolder()
{
    return QSettings().value(kFolderKey, QDir::homePath()).toString();
}

void rememberFolder(const QString &file)
{
    QSettings().setValue(kFolderKey, QFileInfo(file).absolutePath());
}

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

// A duration as the file would say it: 300 ms, 2 s, 1.5 s.
QString millis(qint64 ms)
{
    if (ms >= 1000 && ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return ms >= 1000 && ms % 100 == 0 ? seconds(ms) : QStringLiteral("%1 ms").arg(ms);
}

// How long a decision took: 620 ms, 3.0 s.
QString elapsedText(qint64 ms)
{
    return ms < 1000 ? QStringLiteral("%1 ms").arg(ms) : seconds(ms);
}

CheckPane::State stateOf(CheckResult::Status status)
{
    switch (status) {
    case CheckResult::Status::Passed:
        return CheckPane::State::Passed;
    case CheckResult::Status::Failed:
        return CheckPane::State::Failed;
    case CheckResult::Status::Error:
        return CheckPane::State::Error;
    case CheckResult::Status::Skipped:
        return CheckPane::State::Skipped;
    }
    return CheckPane::State::Error;
}

QColor stateColor(CheckPane::State state, const QPalette &palette)
{
    switch (state) {
    case CheckPane::State::Passed:
        return Theme::okColor();
    case CheckPane::State::Failed:
        return Theme::errorColor();
    case CheckPane::State::Error:
        return Theme::warningColor();
    case CheckPane::State::Running:
        return Theme::isDark(palette) ? QColor(0x60, 0xa5, 0xfa) : QColor(0x25, 0x63, 0xeb);
    case CheckPane::State::Pending:
    case CheckPane::State::Skipped:
    case CheckPane::State::NotRun:
        return Theme::captionColor(palette);
    }
    return Theme::neutralColor();
}

// How bad a state is, for a step's own icon: its worst expectation's.
int severity(CheckPane::State state)
{
    switch (state) {
    case CheckPane::State::Failed:
        return 6;
    case CheckPane::State::Error:
        return 5;
    case CheckPane::State::Running:
        return 4;
    case CheckPane::State::Pending:
        return 3;
    case CheckPane::State::NotRun:
        return 2;
    case CheckPane::State::Skipped:
        return 1;
    case CheckPane::State::Passed:
        return 0;
    }
    return 0;
}

} // namespace

CheckPane::CheckPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("checkPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);

    m_open = new QPushButton(QStringLiteral("Open check file…"), this);
    m_open->setObjectName(QStringLiteral("checkOpen"));
    m_open->setToolTip(QStringLiteral("A check file of ssemon-cli check (YAML or JSON): its "
                                      "steps and expectations, checked on this tab's stream"));
    m_fileLabel = new QLabel(this);
    m_fileLabel->setObjectName(QStringLiteral("checkFile"));
    m_fileLabel->setWordWrap(true);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("checkError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setTextFormat(Qt::PlainText);
    m_error->hide();

    auto *streamRow = new QHBoxLayout;
    m_streamTitle = new QLabel(QStringLiteral("This tab is stream:"), this);
    m_streamChoice = new QComboBox(this);
    m_streamChoice->setObjectName(QStringLiteral("checkStream"));
    m_streamChoice->setToolTip(
        QStringLiteral("The file's stream this tab's own stream stands for (its url or mock in "
                       "the file is not used); the others run as the file says"));
    m_streamTitle->setBuddy(m_streamChoice);
    streamRow->addWidget(m_streamTitle);
    streamRow->addWidget(m_streamChoice, 1);
    m_streamTitle->hide();
    m_streamChoice->hide();

    auto *buttons = new QHBoxLayout;
    m_run = new QPushButton(QStringLiteral("Run"), this);
    m_run->setObjectName(QStringLiteral("checkRun"));
    m_stop = new QPushButton(QStringLiteral("Stop"), this);
    m_stop->setObjectName(QStringLiteral("checkStop"));
    m_stop->setToolTip(QStringLiteral("Stop the check: what is undecided is an error, later "
                                      "steps are not run; the tab's stream goes on"));
    m_export = new QPushButton(QStringLiteral("Export JUnit…"), this);
    m_export->setObjectName(QStringLiteral("checkExport"));
    m_export->setToolTip(QStringLiteral("The results as a JUnit XML report, as ssemon-cli check "
                                        "--junit writes it"));
    // One row of buttons above the file's name, so that on a short side pane the steps keep the
    // height.
    buttons->addWidget(m_open);
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_export);
    buttons->addStretch(1);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("checkSplitter"));
    splitter->setChildrenCollapsible(false);
    m_tree = new QTreeWidget(splitter);
    m_tree->setObjectName(QStringLiteral("checkTree"));
    m_tree->setHeaderLabels({QStringLiteral("Step and expectation"), QStringLiteral("Status")});
    m_tree->setUniformRowHeights(true);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_detail = new QPlainTextEdit(splitter);
    m_detail->setObjectName(QStringLiteral("checkDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_detail->setPlaceholderText(QStringLiteral(
        "The selected expectation: why it failed, and the window and records it was judged on."));
    // The tree and the detail share the height 2:1 whatever their size hints: a text box's
    // hint would otherwise take half of a short pane and leave the tree three rows.
    m_tree->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    m_detail->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    m_tree->setMinimumHeight(4 * m_tree->fontMetrics().height());
    m_detail->setMinimumHeight(3 * m_detail->fontMetrics().height());
    splitter->addWidget(m_tree);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);

    layout->addLayout(buttons);
    layout->addWidget(m_fileLabel);
    layout->addWidget(m_error);
    layout->addLayout(streamRow);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    m_tick = new QTimer(this);
    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, &CheckPane::updateSummary);
    connect(m_open, &QPushButton::clicked, this, &CheckPane::chooseFile);
    connect(m_run, &QPushButton::clicked, this, &CheckPane::run);
    connect(m_stop, &QPushButton::clicked, this, &CheckPane::stop);
    connect(m_export, &QPushButton::clicked, this, &CheckPane::chooseExport);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &CheckPane::showDetail);
    connect(m_streamChoice, &QComboBox::currentIndexChanged, this, [this] {
        if (m_fileRead && !isRunning())
            showFile();
    });
    showFile();
    changeEvent(nullptr);
}

CheckPane::~CheckPane()
{
    // The runner goes first: it must not report into the half-destroyed pane.
    delete m_runner.data();
}

bool CheckPane::isRunning() const
{
    return !m_runner.isNull();
}

void CheckPane::setStream(SseClient *client, Connect connect)
{
    m_client = client;
    m_connect = std::move(connect);
}

void CheckPane::changeEvent(QEvent *event)
{
    if (event)
        QWidget::changeEvent(event);
    if (!event || event->type() == QEvent::PaletteChange) {
        m_error->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::errorColor().name()));
        m_streamTitle->setStyleSheet(
            QStringLiteral("color: %1;").arg(Theme::captionColor(palette()).name()));
        // The icons and colours are drawn for the palette.
        for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
            setItemState(it.value(), State(it.value()->data(0, StateRole).toInt()),
                         it.value()->text(1));
        updateSummary();
    }
}

QString CheckPane::stateName(State state)
{
    switch (state) {
    case State::Pending:
        return QStringLiteral("pending");
    case State::Running:
        return QStringLiteral("running…");
    case State::Passed:
        return QStringLiteral("passed");
    case State::Failed:
        return QStringLiteral("FAILED");
    case State::Error:
        return QStringLiteral("error");
    case State::Skipped:
        return QStringLiteral("skipped");
    case State::NotRun:
        return QStringLiteral("not run");
    }
    return {};
}

QIcon CheckPane::stateIcon(State state, const QPalette &palette)
{
    // Drawn, so that they follow the palette and need no image files: a filled disc with a
    // glyph for a decision, a ring for what is still to come.
    constexpr int size = 32;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor color = stateColor(state, palette);
    const QRectF disc(3, 3, size - 6, size - 6);
    QPen glyph(Qt::white, 4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (state) {
    case State::Pending:
    case State::NotRun:
        p.setPen(QPen(color, 3, state == State::NotRun ? Qt::DotLine : Qt::SolidLine));
        p.drawEllipse(disc.adjusted(2, 2, -2, -2));
        break;
    case State::Running:
        p.setPen(QPen(color, 3));
        p.drawEllipse(disc.adjusted(2, 2, -2, -2));
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QPointF(size / 2.0, size / 2.0), 5, 5);
        break;
    case State::Passed:
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(disc);
        p.setPen(glyph);
        p.drawPolyline(QPolygonF({{9, 16.5}, {14, 21.5}, {23, 11}}));
        break;
    case State::Failed:
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(disc);
        p.setPen(glyph);
        p.drawLine(QPointF(11, 11), QPointF(21, 21));
        p.drawLine(QPointF(21, 11), QPointF(11, 21));
        break;
    case State::Error:
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(disc);
        p.setPen(glyph);
        p.drawLine(QPointF(16, 9), QPointF(16, 17.5));
        p.drawPoint(QPointF(16, 23));
        break;
    case State::Skipped:
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(disc);
        p.setPen(glyph);
        p.drawLine(QPointF(10, 16), QPointF(22, 16));
        break;
    }
    p.end();
    return QIcon(pixmap);
}

void CheckPane::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open check file"), lastFolder(),
        QStringLiteral("Check files (*.yaml *.yml *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    openFile(path);
}

bool CheckPane::openFile(const QString &path)
{
    if (m_runner) {
        // Another file replaces the running one: its run ends unseen.
        m_runner->disconnect(this);
        m_runner->abort(QStringLiteral("another check file was opened"));
        m_runner->deleteLater();
        m_runner = nullptr;
        m_tick->stop();
    }
    m_path = path;
    m_results.clear();
    m_elapsedMs = 0;
    m_startedUtc = QDateTime();
    m_stopped = false;
    const bool ok = readFile(path);
    showFile();
    return ok;
}

bool CheckPane::readFile(const QString &path)
{
    QString error;
    CheckFile file;
    m_fileRead = CheckReader::readFile(path, {}, &file, &error);
    const QString previous = m_streamChoice->currentText();
    m_file = m_fileRead ? file : CheckFile();
    m_error->setText(m_fileRead ? QString() : error);
    m_error->setVisible(!m_fileRead);
    const QSignalBlocker blocker(m_streamChoice);
    m_streamChoice->clear();
    for (const CheckStream &stream : std::as_const(m_file.streams))
        m_streamChoice->addItem(stream.name);
    // Run again keeps the stream picked, while the file still has it.
    m_streamChoice->setCurrentIndex(std::max(0, m_streamChoice->findText(previous)));
    const bool choice = m_file.streams.size() > 1;
    m_streamTitle->setVisible(choice);
    m_streamChoice->setVisible(choice);
    return m_fileRead;
}

int CheckPane::tabStream() const
{
    return std::max(0, m_streamChoice->currentIndex());
}

void CheckPane::showFile()
{
    m_tree->clear();
    m_items.clear();
    m_detail->clear();
    if (m_path.isEmpty()) {
        m_fileLabel->setText(QStringLiteral("No check file open. A check file (YAML or JSON, as "
                                            "ssemon-cli check reads) says what to expect of "
                                            "this tab's stream."));
    } else if (!m_fileRead) {
        m_fileLabel->setText(QFileInfo(m_path).fileName()
                             + QStringLiteral(": not read, nothing runs. Fix it and Run reads "
                                              "it again."));
    } else {
        const CheckStream &stream = m_file.streams.at(tabStream());
        QString text = QStringLiteral("%1 (%2): its stream \"%3\" is this tab's stream")
                           .arg(m_file.name, QFileInfo(m_path).fileName(), stream.name);
        if (m_file.streams.size() > 1)
            text += QStringLiteral(", the others run as the file says");
        m_fileLabel->setText(text);
    }
    m_fileLabel->setToolTip(QDir::toNativeSeparators(m_path));

    const QIcon pending = stateIcon(State::Pending, palette());
    for (qsizetype s = 0; s < m_file.steps.size(); ++s) {
        const CheckStep &step = m_file.steps.at(s);
        QString title = step.label(int(s));
        if (m_file.streams.size() > 1) {
            title += QStringLiteral(" [%1%2]").arg(
                m_file.streams.at(step.stream).name,
                step.stream == tabStream() ? QStringLiteral(", this tab") : QString());
        }
        if (step.trigger.kind != CheckTrigger::Kind::None)
            title += QStringLiteral(" · ") + step.trigger.describe();
        title += QStringLiteral(" · within ") + millis(step.withinMs);
        auto *stepItem = new QTreeWidgetItem(m_tree, {title});
        stepItem->setData(0, StepRole, int(s));
        stepItem->setData(0, IndexRole, -2);
        stepItem->setToolTip(0, title);
        stepItem->setFirstColumnSpanned(false);
        QList<QPair<int, QString>> rows;
        for (qsizetype e = 0; e < step.expectations.size(); ++e)
            rows.append({int(e), step.expectations.at(e).describe()});
        if (rows.isEmpty())
            rows.append({-1, step.trigger.describe()});
        for (const auto &[index, text] : rows) {
            auto *item = new QTreeWidgetItem(stepItem, {text});
            item->setData(0, StepRole, int(s));
            item->setData(0, IndexRole, index);
            const CheckLocation where = index >= 0 ? step.expectations.at(index).where : step.where;
            item->setToolTip(0,
                             QStringLiteral("%1 (%2:%3:%4)")
                                 .arg(text, QFileInfo(m_path).fileName())
                                 .arg(where.line)
                                 .arg(where.column));
            setItemState(item, State::Pending);
            m_items.insert({int(s), index}, item);
        }
        stepItem->setIcon(0, pending);
        stepItem->setData(0, StateRole, int(State::Pending));
        stepItem->setExpanded(true);
    }
    for (const CheckResult &result : std::as_const(m_results))
        onResult(result);
    updateSummary();
    updateButtons();
}

void CheckPane::setItemState(QTreeWidgetItem *item, State state, const QString &text)
{
    item->setData(0, StateRole, int(state));
    item->setIcon(0, stateIcon(state, palette()));
    item->setText(1, text.isEmpty() ? stateName(state) : text);
    item->setForeground(1, stateColor(state, palette()));
    QFont font = item->font(1);
    font.setBold(state == State::Failed || state == State::Error);
    item->setFont(1, font);
    // The step shows its worst expectation.
    if (QTreeWidgetItem *step = item->parent()) {
        State worst = State::Passed;
        for (int i = 0; i < step->childCount(); ++i) {
            const auto child = State(step->child(i)->data(0, StateRole).toInt());
            if (severity(child) > severity(worst))
                worst = child;
        }
        step->setData(0, StateRole, int(worst));
        step->setIcon(0, stateIcon(worst, palette()));
    }
}

void CheckPane::run()
{
    if (isRunning())
        return;
    if (m_path.isEmpty()) {
        chooseFile();
        return;
    }
    // Again from the file as it is now: an edit made since is what runs.
    m_results.clear();
    m_elapsedMs = 0;
    m_startedUtc = QDateTime();
    m_stopped = false;
    m_runningStep = -1;
    if (!readFile(m_path)) {
        showFile();
        return;
    }
    showFile();
    if (!m_client) {
        m_error->setText(QStringLiteral("No stream to check: this pane belongs to no tab"));
        m_error->show();
        return;
    }
    auto *runner = new CheckRunner(m_file, this);
    m_runner = runner;
    const int stream = tabStream();
    runner->attach(stream, m_client, m_hostSource ? m_hostSource() : nullptr);
    connect(runner, &CheckRunner::stepStarted, this, &CheckPane::onStepStarted);
    connect(runner, &CheckRunner::resultReady, this, [this](const CheckResult &result) {
        m_results.append(result);
        onResult(result);
        updateSummary();
    });
    connect(runner, &CheckRunner::finished, this, &CheckPane::onFinished);
    connect(runner, &CheckRunner::attachedStreamStarting, this, [this, runner] {
        const ClientState state = m_client->state();
        if (state == ClientState::Connecting || state == ClientState::Open
            || state == ClientState::Reconnecting) {
            Q_EMIT notice(QStringLiteral("The check reads the tab's stream as it runs"));
            return;
        }
        QString error;
        if (m_connect && m_connect(&error))
            return;
        if (!m_connect)
            error = QStringLiteral("the tab cannot connect");
        // Not from inside the runner's step: it is stopped once this step has begun.
        QMetaObject::invokeMethod(
            runner,
            [runner, error] { runner->abort(QStringLiteral("the tab did not connect: ") + error); },
            Qt::QueuedConnection);
    });
    m_clock.start();
    m_tick->start();
    runner->start();
    updateSummary();
    updateButtons();
}

void CheckPane::stop()
{
    if (!m_runner)
        return;
    m_stopped = true;
    m_runner->abort(QStringLiteral("stopped from the Checks tab"));
}

void CheckPane::onStepStarted(int step)
{
    m_runningStep = step;
    if (QTreeWidgetItem *first = m_items.value({step, 0}, m_items.value({step, -1}))) {
        QTreeWidgetItem *stepItem = first->parent();
        for (int i = 0; i < stepItem->childCount(); ++i) {
            QTreeWidgetItem *item = stepItem->child(i);
            if (State(item->data(0, StateRole).toInt()) == State::Pending)
                setItemState(item, State::Running);
        }
        m_tree->scrollToItem(stepItem->child(stepItem->childCount() - 1));
    }
    updateSummary();
}

void CheckPane::onResult(const CheckResult &result)
{
    QTreeWidgetItem *item = m_items.value({result.step, result.index});
    if (!item)
        return;
    item->setText(0, result.expectation); // its references resolved
    const State state = stateOf(result.status);
    QString text = stateName(state);
    if (state == State::Passed || state == State::Failed)
        text += QStringLiteral(" · ") + elapsedText(result.elapsedMs);
    setItemState(item, state, text);
    if (m_tree->currentItem() == item)
        showDetail();
}

void CheckPane::onFinished()
{
    if (m_runner) {
        m_elapsedMs = m_runner->elapsedMs();
        m_startedUtc = m_runner->startedUtc();
    }
    m_tick->stop();
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        const auto state = State(it.value()->data(0, StateRole).toInt());
        if (state == State::Pending || state == State::Running)
            setItemState(it.value(), State::NotRun);
    }
    if (m_runner)
        m_runner->deleteLater();
    m_runner = nullptr;
    m_runningStep = -1;
    // The first thing that did not pass is shown at once.
    for (const CheckResult &result : std::as_const(m_results)) {
        if (result.status == CheckResult::Status::Failed
            || result.status == CheckResult::Status::Error) {
            if (QTreeWidgetItem *item = m_items.value({result.step, result.index}))
                m_tree->setCurrentItem(item);
            break;
        }
    }
    updateSummary();
    updateButtons();
    Q_EMIT runFinished();
}

void CheckPane::showDetail()
{
    QTreeWidgetItem *item = m_tree->currentItem();
    if (!item) {
        m_detail->clear();
        return;
    }
    const int step = item->data(0, StepRole).toInt();
    const int index = item->data(0, IndexRole).toInt();
    const CheckResult *found = nullptr;
    for (const CheckResult &result : std::as_const(m_results)) {
        if (result.step == step && result.index == index)
            found = &result;
    }
    QStringList lines;
    if (!found) {
        lines.append(item->text(0));
        lines.append(item->text(1));
        m_detail->setPlainText(lines.join(u'\n'));
        return;
    }
    const State state = stateOf(found->status);
    lines.append(
        QStringLiteral("%1 [%2] %3").arg(found->stepLabel, found->stream, found->expectation));
    lines.append(QStringLiteral("%1 after %2 (window +%3 ms, within %4)")
                     .arg(stateName(state), elapsedText(found->elapsedMs))
                     .arg(found->windowStartMs)
                     .arg(millis(found->windowMs)));
    if (!found->message.isEmpty())
        lines.append(found->message);
    if (found->where.line > 0) {
        lines.append(QStringLiteral("at %1:%2:%3")
                         .arg(QFileInfo(m_path).fileName())
                         .arg(found->where.line)
                         .arg(found->where.column));
    }
    if (!found->evidence.isEmpty()) {
        lines.append(QString());
        lines.append(found->evidence);
    }
    m_detail->setPlainText(lines.join(u'\n'));
}

void CheckPane::updateSummary()
{
    QStringList parts;
    const CheckReport::Totals totals = CheckReport::totals(m_results);
    parts.append(QStringLiteral("%1 passed").arg(totals.passed));
    if (totals.failed)
        parts.append(QStringLiteral("%1 failed").arg(totals.failed));
    if (totals.errors)
        parts.append(totals.errors == 1 ? QStringLiteral("1 error")
                                        : QStringLiteral("%1 errors").arg(totals.errors));
    if (totals.skipped)
        parts.append(QStringLiteral("%1 skipped").arg(totals.skipped));
    int notRun = 0;
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
        notRun += State(it.value()->data(0, StateRole).toInt()) == State::NotRun ? 1 : 0;
    if (notRun)
        parts.append(QStringLiteral("%1 not run").arg(notRun));

    QString text;
    State tone = State::Pending;
    if (isRunning()) {
        text = QStringLiteral("Running step %1 of %2 · %3 · %4")
                   .arg(std::max(1, m_runningStep + 1))
                   .arg(m_file.steps.size())
                   .arg(parts.join(QStringLiteral(", ")), seconds(m_clock.elapsed()));
        tone = State::Running;
    } else if (!m_results.isEmpty() || m_stopped) {
        text = parts.join(QStringLiteral(", ")) + QStringLiteral(" in ") + seconds(m_elapsedMs);
        if (m_stopped)
            text = QStringLiteral("Stopped: ") + text;
        tone = totals.failed ? State::Failed
            : totals.errors  ? State::Error
            : notRun         ? State::NotRun
                             : State::Passed;
    } else if (m_fileRead) {
        int expectations = 0;
        for (const CheckStep &step : std::as_const(m_file.steps))
            expectations += int(std::max<qsizetype>(1, step.expectations.size()));
        text = QStringLiteral("%1 steps, %2 expectations, not run yet")
                   .arg(m_file.steps.size())
                   .arg(expectations);
    }
    m_summary->setText(text);
    QFont font = m_summary->font();
    font.setBold(!m_results.isEmpty() && !isRunning());
    m_summary->setFont(font);
    m_summary->setStyleSheet(
        tone == State::Pending
            ? QStringLiteral("color: %1;").arg(Theme::captionColor(palette()).name())
            : QStringLiteral("color: %1;").arg(stateColor(tone, palette()).name()));
}

void CheckPane::updateButtons()
{
    const bool running = isRunning();
    m_run->setText(m_results.isEmpty() && !m_stopped ? QStringLiteral("Run")
                                                     : QStringLiteral("Run again"));
    // A file that could not be read can be fixed and run: Run reads it again.
    m_run->setEnabled(!running && !m_path.isEmpty());
    m_run->setToolTip(QStringLiteral(
        "Read the file again and run it on this tab's stream: the tab connects afresh when the "
        "first step on it begins, unless it is streaming (then its live stream is checked); "
        "each expectation is ticked as it is decided"));
    m_stop->setEnabled(running);
    m_export->setEnabled(!running && !m_results.isEmpty());
    m_open->setEnabled(!running);
    m_streamChoice->setEnabled(!running);
}

void CheckPane::chooseExport()
{
    if (m_results.isEmpty())
        return;
    const QString suggested =
        QDir(lastFolder())
            .filePath(QFileInfo(m_path).completeBaseName() + QStringLiteral(".junit.xml"));
    const QString path =
        QFileDialog::getSaveFileName(this, QStringLiteral("Export JUnit report"), suggested,
                                     QStringLiteral("JUnit XML (*.xml);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberFolder(path);
    QString error;
    if (exportJunit(path, &error))
        Q_EMIT notice(
            QStringLiteral("JUnit report written to %1").arg(QDir::toNativeSeparators(path)));
    else
        QMessageBox::warning(this, QStringLiteral("Export JUnit report"), error);
}

bool CheckPane::exportJunit(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(CheckReport::junitXml(m_file, m_results, m_elapsedMs, m_startedUtc));
    if (!file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
