// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "connectiontab.h"

#include "checkpane.h"
#include "client/requestbuilder.h"
#include "client/sseclient.h"
#include "client/sseclientthread.h"
#include "counterslabel.h"
#include "detailpane.h"
#include "doctorpane.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "io/codesnippet.h"
#include "io/curlcommand.h"
#include "io/session.h"
#include "lenspane.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "log/timelinemodel.h"
#include "mcppane.h"
#include "metricsplot.h"
#include "recoverybar.h"
#include "requesteditor.h"
#include "responseinspector.h"
#include "statebadge.h"
#include "theme.h"
#include "timelineview.h"

#include <QClipboard>
#include <QComboBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

namespace {

// The view's toggles (Follow, Pause view) show their state at a glance in either palette: on
// is filled with the highlight colour, not only drawn sunken. Set again when the palette
// changes, as a style sheet takes the palette's colours when it is applied.
void styleToggle(QToolButton *button, const QPalette &palette)
{
    button->setStyleSheet(
        QStringLiteral("QToolButton { padding: 2px 8px; border: 1px solid %1; border-radius: 3px; }"
                       "QToolButton:checked { background: %2; color: %3; border-color: %2; }"
                       "QToolButton:disabled { background: transparent; color: %4; "
                       "border-style: dashed; }")
            .arg(Theme::captionColor(palette).name(), palette.color(QPalette::Highlight).name(),
                 palette.color(QPalette::HighlightedText).name(),
                 palette.color(QPalette::Disabled, QPalette::ButtonText).name()));
}

} // namespace

ConnectionTab::ConnectionTab(QWidget *parent)
    : QWidget(parent)
    // The tabs' clients share a thread, and so their HTTP/2 connections, as a browser's tabs do.
    , m_client(new SseClient(SseClientThread::shared(), this))
    , m_log(new EventLog(this))
    , m_model(new EventTableModel(m_log, this))
    , m_timeline(new TimelineModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    // Request bar: method, URL, connect / stop, and the editor for everything else.
    auto *bar = new QHBoxLayout;
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH")});
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(QStringLiteral("http://host:port/path of an SSE endpoint"));
    m_connect = new QPushButton(QStringLiteral("Connect"), this);
    m_connect->setObjectName(QStringLiteral("connect"));
    m_connect->setToolTip(QStringLiteral("Connect (Ctrl+Return). After a stop or a failure it "
                                         "resumes: Last-Event-ID, counters and connection "
                                         "numbers go on (Connection › Start afresh clears them)"));
    m_stop = new QPushButton(QStringLiteral("Stop"), this);
    m_stop->setObjectName(QStringLiteral("stop"));
    m_stop->setToolTip(QStringLiteral("Stop, without reconnecting (Ctrl+.)"));
    m_editorToggle = new QToolButton(this);
    m_editorToggle->setObjectName(QStringLiteral("editorToggle"));
    m_editorToggle->setText(QStringLiteral("Request…"));
    m_editorToggle->setCheckable(true);
    m_editorToggle->setToolTip(
        QStringLiteral("Headers, body, auth, Last-Event-ID, reconnect policy, TLS, proxy"));
    m_curl = new QToolButton(this);
    m_curl->setObjectName(QStringLiteral("curl"));
    m_curl->setText(QStringLiteral("Code"));
    m_curl->setToolTip(QStringLiteral("Import a pasted curl command, or copy this request as curl, "
                                      "JavaScript (EventSource / fetch) or Python (httpx)"));
    m_curl->setPopupMode(QToolButton::InstantPopup);
    auto *curlMenu = new QMenu(m_curl);
    curlMenu->addAction(QStringLiteral("Import from a curl command…"), this, [this] {
        bool ok = false;
        const QString command = QInputDialog::getMultiLineText(
            this, QStringLiteral("Import from curl"),
            QStringLiteral("Paste a curl command (e.g. from a browser's “Copy as cURL”):"),
            QString(), &ok);
        if (!ok || command.trimmed().isEmpty())
            return;
        QString error;
        QStringList warnings;
        if (!importCurl(command, &error, &warnings)) {
            QMessageBox::warning(this, QStringLiteral("Import from curl"), error);
        } else if (!warnings.isEmpty()) {
            QMessageBox::information(this, QStringLiteral("Import from curl"),
                                     QStringLiteral("Imported. Not used: ")
                                         + warnings.join(QStringLiteral("; ")));
        }
    });
    // What is copied is the request as it would be sent, with its variables resolved (a
    // snippet that still said {{token}} would not run).
    curlMenu->addAction(QStringLiteral("Copy as curl, variables resolved"), this, [this] {
        QString error;
        const QString command = curlCommand(&error);
        if (command.isEmpty()) {
            Q_EMIT notice(QStringLiteral("Not copied: ") + error);
            return;
        }
        QGuiApplication::clipboard()->setText(command);
        Q_EMIT notice(QStringLiteral("Copied the request as a curl command (%1 characters)")
                          .arg(command.size()));
    });
    for (const auto language : {CodeSnippet::Language::JavaScript, CodeSnippet::Language::Python}) {
        const QString name = CodeSnippet::name(language);
        curlMenu->addAction(QStringLiteral("Copy as %1 (%2), variables resolved")
                                .arg(name, CodeSnippet::library(language)),
                            this, [this, language, name] {
                                SseClientOptions resolved;
                                QString error;
                                if (!resolvedOptions(&resolved, &error)) {
                                    Q_EMIT notice(QStringLiteral("Not copied: ") + error);
                                    return;
                                }
                                const QString snippet = CodeSnippet::make(language, resolved);
                                QGuiApplication::clipboard()->setText(snippet);
                                Q_EMIT notice(
                                    QStringLiteral("Copied the request as %1 (%2 characters)")
                                        .arg(name, QString::number(snippet.size())));
                            });
    }
    m_curl->setMenu(curlMenu);
    bar->addWidget(m_method);
    bar->addWidget(m_url, 1);
    bar->addWidget(m_curl);
    bar->addWidget(m_editorToggle);
    bar->addWidget(m_connect);
    bar->addWidget(m_stop);
    layout->addLayout(bar);

    // The editor above what the stream shows, sharing the height through a splitter: opening it
    // takes room from the table and plots (as much as the user drags), never grows the window.
    m_requestSplitter = new QSplitter(Qt::Vertical, this);
    m_requestSplitter->setObjectName(QStringLiteral("requestSplitter"));
    m_requestSplitter->setChildrenCollapsible(false);
    m_editor = new RequestEditor(m_requestSplitter);
    m_editor->setVisible(false);
    m_response = new QWidget(m_requestSplitter);
    auto *responseLayout = new QVBoxLayout(m_response);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    m_requestSplitter->addWidget(m_editor);
    m_requestSplitter->addWidget(m_response);
    m_requestSplitter->setStretchFactor(1, 1);
    layout->addWidget(m_requestSplitter, 1);

    // State at a glance.
    auto *status = new QHBoxLayout;
    m_badge = new StateBadge(this);
    connect(m_badge, &StateBadge::clicked, this, &ConnectionTab::inspectLastRequest);
    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("stateReason"));
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_counters = new CountersLabel(this);
    status->addWidget(m_badge, 0, Qt::AlignVCenter);
    status->addWidget(m_reason);
    status->addWidget(m_counters, 1);
    responseLayout->addLayout(status);
    m_recovery = new RecoveryBar(this);
    responseLayout->addWidget(m_recovery);

    // Filter and view controls.
    auto *viewBar = new QHBoxLayout;
    m_filterBar = new FilterBar(this);
    m_follow = new QToolButton(this);
    m_follow->setObjectName(QStringLiteral("followTail"));
    m_follow->setText(QStringLiteral("Follow"));
    m_follow->setToolTip(QStringLiteral("Keep the newest event in view"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_pause = new QToolButton(this);
    m_pause->setObjectName(QStringLiteral("pauseView"));
    m_pause->setText(QStringLiteral("Pause view"));
    m_pause->setToolTip(
        QStringLiteral("Freeze the table; capture goes on and resuming shows the rest (Ctrl+P)"));
    m_pause->setCheckable(true);
    m_dropped = new QLabel(this);
    m_dropped->setObjectName(QStringLiteral("dropped"));
    m_dropped->setTextFormat(Qt::RichText);
    viewBar->addWidget(m_filterBar, 1);
    styleToggle(m_follow, palette());
    styleToggle(m_pause, palette());
    viewBar->addWidget(m_follow);
    viewBar->addWidget(m_pause);
    viewBar->addWidget(m_dropped);
    responseLayout->addLayout(viewBar);

    // Events and the selected one in full.
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("eventSplitter"));
    m_table = new EventTableView(m_model, m_splitter);
    // Beside the table: the selected event in full, and what the stream's lens understands (a
    // tab of its own once a lens reads the stream; the tab bar hides while there is only one).
    m_side = new QTabWidget(m_splitter);
    m_side->setObjectName(QStringLiteral("sideTabs"));
    m_side->setDocumentMode(true);
    m_side->setTabBarAutoHide(true);
    m_lens = new LensPane(m_side);
    m_lens->hide();
    m_mcp = new McpPane(m_side);
    m_mcp->hide();
    m_mcp->setRequestSource([this](SseClientOptions *options, QString *error) {
        return resolvedOptions(options, error);
    });
    connect(m_mcp, &McpPane::openStreamRequested, this, &ConnectionTab::listenToMcpSession);
    // A check file run on this tab's own stream: the tab connects when the check needs it.
    m_checks = new CheckPane(m_side);
    m_checks->hide();
    m_checks->setStream(m_client, [this](QString *error) {
        SseClientOptions resolved;
        if (!resolvedOptions(&resolved, error))
            return false;
        startAfresh();
        return true;
    });
    connect(m_checks, &CheckPane::notice, this, &ConnectionTab::notice);
    // The endpoint doctor on this tab's request as it would be sent; its connections are its
    // own, the tab's stream goes on.
    m_doctor = new DoctorPane(m_side);
    m_doctor->hide();
    m_doctor->setRequestSource([this](SseClientOptions *options, QString *error) {
        return resolvedOptions(options, error);
    });
    connect(m_doctor, &DoctorPane::notice, this, &ConnectionTab::notice);
    connect(m_side, &QTabWidget::currentChanged, this, [this] {
        QWidget *front = m_side->currentWidget();
        if (front != m_mcp && front != m_checks && front != m_doctor) {
            if (std::exchange(m_belowGaveWayToMcp, false) && !m_belowGaveWay)
                m_below->show();
            return;
        }
        // On a short window the plots give way while the driver is in front, as they do for
        // the editor.
        if (m_below->isVisible() && m_splitter->height() < fontMetrics().height() * 20) {
            m_below->hide();
            m_belowGaveWayToMcp = true;
        }
        // The driver's lists, arguments, log and result need more room than an event's
        // detail: a narrow side pane takes up to half the width (a wider split stays).
        const QList<int> sizes = m_splitter->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        const int wanted = std::min(total / 2, fontMetrics().averageCharWidth() * 90);
        if (sizes.size() == 2 && sizes.at(1) < wanted)
            m_splitter->setSizes({total - wanted, wanted});
    });
    m_detail = new DetailPane(m_side);
    connect(m_detail, &DetailPane::notice, this, &ConnectionTab::notice);
    m_side->addTab(m_detail, QStringLiteral("Event"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_side);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    // Below: how the connection fares over time.
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(QStringLiteral("tabSplitter"));
    vertical->addWidget(m_splitter);
    auto *below = new QTabWidget(vertical);
    m_below = below;
    below->setDocumentMode(true);
    m_plot = new MetricsPlot(below);
    m_timelineView = new TimelineView(m_timeline, below);
    connect(m_timelineView, &TimelineView::attemptActivated, this, &ConnectionTab::inspect);
    below->addTab(m_plot, QStringLiteral("Latency and rate"));
    below->addTab(m_timelineView, QStringLiteral("Timeline"));
    vertical->addWidget(below);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    // Room enough for a few rows and the plots at their least: a small screen keeps room for
    // the editor without growing the window.
    m_splitter->setMinimumHeight(80);
    responseLayout->addWidget(vertical, 1);

    m_rateTimer = new QTimer(this);
    m_rateTimer->setInterval(1000);
    m_rateTimer->start();
    // Labels are refreshed a few times a second, not per batch: at 100,000 events/s the text
    // layout would otherwise cost more than the rows.
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setInterval(200);
    m_refreshTimer->start();
    // Records are taken in slices of bounded work, one per turn of the event loop, so that
    // painting, input and timers run between them whatever the rate; the client stops reading
    // while they wait (deferred release keeps its flow control in step with this queue).
    m_ingestTimer = new QTimer(this);
    m_ingestTimer->setSingleShot(true);
    m_ingestTimer->setInterval(0);
    m_client->setDeferredRelease(true);
    {
        SseClientOptions initial = m_client->options();
        initial.captureRawFrames = true;
        m_client->setOptions(initial);
    }
    connect(m_connect, &QPushButton::clicked, this, &ConnectionTab::start);
    connect(m_url, &QLineEdit::returnPressed, this, &ConnectionTab::start);
    connect(m_url, &QLineEdit::textEdited, this, [this] { m_recovery->dismissRefusal(); });
    connect(m_url, &QLineEdit::textChanged, this, &ConnectionTab::updateUrlHint);
    connect(m_stop, &QPushButton::clicked, this, &ConnectionTab::stop);
    connect(m_recovery, &RecoveryBar::retryNow, this, &ConnectionTab::start);
    connect(m_recovery, &RecoveryBar::retryResilient, this, [this] {
        m_editor->setResilient(true);
        start();
    });
    connect(m_recovery, &RecoveryBar::startAfresh, this, &ConnectionTab::startAfresh);
    connect(m_editorToggle, &QToolButton::toggled, this, &ConnectionTab::showEditor);
    connect(m_client, &SseClient::recordsReady, this, &ConnectionTab::onBatch);
    connect(m_ingestTimer, &QTimer::timeout, this, &ConnectionTab::ingest);
    connect(m_filterBar, &FilterBar::filterChanged, m_model, &EventTableModel::setFilter);
    connect(m_model, &EventTableModel::countsChanged, this, [this] { m_countsDirty = true; });
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        if (m_countersDirty)
            updateCounters();
        if (m_countsDirty)
            updateCounts();
        updateSilence();
    });
    connect(m_pause, &QToolButton::toggled, m_model, &EventTableModel::setPaused);
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? QStringLiteral("View paused") : QStringLiteral("Pause view"));
    });
    connect(m_follow, &QToolButton::toggled, m_table, &EventTableView::setFollowTail);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, m_detail,
            &DetailPane::showIndex);
    // A refilter or a sort resets the model: the table keeps what is still shown selected.
    connect(m_table, &EventTableView::selectionLost, m_detail, &DetailPane::clear);
    // A row the user picks is shown in full, in front of the lens's answer.
    connect(m_table, &QAbstractItemView::pressed, this,
            [this] { m_side->setCurrentWidget(m_detail); });
    connect(m_table, &QAbstractItemView::activated, this,
            [this] { m_side->setCurrentWidget(m_detail); });
    connect(m_detail, &DetailPane::columnRequested, this, [this](const QString &pointer) {
        if (m_table->showField(pointer)) {
            Q_EMIT notice(QStringLiteral("The %1 column shows that field of every event; its "
                                         "header sorts by it and the filter bar filters by it")
                              .arg(pointer));
        }
    });
    connect(m_model, &EventTableModel::fieldChanged, this,
            [this] { m_filterBar->setFieldPointer(m_model->hasField(), m_model->fieldPointer()); });
    connect(m_dropped, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link == QLatin1String("resort"))
            m_model->resort();
        else if (link == QLatin1String("arrival"))
            m_table->arrivalOrder();
    });
    connect(m_rateTimer, &QTimer::timeout, this, [this] {
        const qint64 now = monotonicNowNs();
        if (m_rateLastNs > 0 && now > m_rateLastNs) {
            m_eventsPerSecond =
                double(m_stats.events - m_rateLastEvents) * 1e9 / double(now - m_rateLastNs);
        }
        // Once a stream has been opened, and not over an opened session's own axis.
        if (m_client->state() != ClientState::Idle && m_sessionName.isEmpty())
            m_plot->addRate(now, m_eventsPerSecond);
        m_rateLastNs = now;
        m_rateLastEvents = m_stats.events;
        updateCounters();
    });

    updateCounters();
    updateCounts();
}

ConnectionTab::~ConnectionTab()
{
    // The client goes with this widget; credits held for queued batches go with it.
    m_pending.clear();
}

SseClientOptions ConnectionTab::options() const
{
    SseClientOptions options = m_editor->options(m_client->options());
    options.captureRawFrames = true; // for the detail pane's raw view
    options.lensProgressMs = kLensProgressMs; // the lens pane follows the answer as it grows
    // What the field holds, also when it is no valid URL (a profile keeps it as typed);
    // connecting checks it first.
    QString ignored;
    if (!RequestBuilder::parseUrl(m_url->text(), &options.url, &ignored))
        options.url = QUrl(m_url->text().trimmed());
    options.method = m_method->currentText().trimmed().toUpper().toUtf8();
    if (options.method.isEmpty())
        options.method = QByteArrayLiteral("GET");
    return options;
}

void ConnectionTab::setOptions(const SseClientOptions &options)
{
    m_url->setText(options.url.toString());
    m_method->setCurrentText(QString::fromUtf8(options.method));
    m_editor->setOptions(options);
    m_client->setOptions(options);
    Q_EMIT titleChanged(title());
}

RequestTemplate ConnectionTab::request() const
{
    return {m_url->text().trimmed(), options()};
}

void ConnectionTab::setRequest(const RequestTemplate &request)
{
    setOptions(request.options);
    // After setOptions: the text as written, which a QUrl may not hold ({{base}}/events).
    m_url->setText(request.url);
    Q_EMIT titleChanged(title());
}

void ConnectionTab::setVariables(const TemplateVariables::Map &values, const QString &environment)
{
    m_variables = values;
    m_environment = environment;
    updateUrlHint();
    Q_EMIT titleChanged(title());
}

bool ConnectionTab::resolvedOptions(SseClientOptions *options, QString *error) const
{
    QString why;
    if (request().resolve(m_variables, options, &why))
        return true;
    if (error)
        *error = variablesError(why);
    return false;
}

QString ConnectionTab::variablesError(const QString &error) const
{
    if (!error.startsWith(QStringLiteral("undefined variable")))
        return error;
    return m_environment.isEmpty()
        ? error
            + QStringLiteral(" (no environment is active: choose or edit one in the side panel)")
        : error + QStringLiteral(" in the environment \"%1\"").arg(m_environment);
}

void ConnectionTab::updateUrlHint()
{
    const QString text = m_url->text().trimmed();
    if (!TemplateVariables::hasReferences(text)) {
        m_url->setToolTip(QString());
        return;
    }
    // Only the URL: a hint about the field, not about headers and body.
    RequestTemplate url;
    url.url = text;
    SseClientOptions resolved;
    QString error;
    if (url.resolve(m_variables, &resolved, &error)) {
        m_url->setToolTip(
            QStringLiteral("Sent as %1").arg(resolved.url.toString().toHtmlEscaped()));
    } else {
        m_url->setToolTip(
            QStringLiteral("Cannot be sent yet: %1").arg(variablesError(error).toHtmlEscaped()));
    }
}

QString ConnectionTab::title() const
{
    if (!m_sessionName.isEmpty())
        return m_sessionName;
    QUrl url;
    QString ignored;
    if (!RequestBuilder::parseUrl(m_url->text(), &url, &ignored)) {
        // A URL with variables is titled as resolved when it can be, else as written.
        RequestTemplate written;
        written.url = m_url->text().trimmed();
        SseClientOptions resolved;
        if (!TemplateVariables::hasReferences(written.url))
            return QStringLiteral("New connection");
        if (!written.resolve(m_variables, &resolved, &ignored))
            return written.url.left(40);
        url = resolved.url;
    }
    QString title = url.host();
    if (url.port() > 0)
        title += QLatin1Char(':') + QString::number(url.port());
    return title + url.path();
}

bool ConnectionTab::followsTail() const
{
    return m_follow->isChecked();
}

bool ConnectionTab::isViewPaused() const
{
    return m_pause->isChecked();
}

void ConnectionTab::openUrl(const QUrl &url)
{
    m_url->setText(url.toString());
    start();
}

void ConnectionTab::showSession(const SessionData &session, const QString &name)
{
    m_client->close();
    setOptions(session.request);
    dropPending();
    m_log->clear();
    m_timeline->clear();
    m_log->setWallClockOrigin(0, session.startedUnixUs);
    m_timeline->setWallClockOrigin(0, session.startedUnixUs);
    m_log->append(session.records);
    m_log->setStats(session.stats);
    m_timeline->append(session.records);
    m_log->setLens(session.lens, session.lensConn);
    m_lensSeen = session.lens;
    showLens(session.lens);
    // The plot shows the recording on its own axis, with its rates from its events.
    m_plot->showRecording(session.records);
    m_stats = session.stats;
    m_sessionName = name;
    m_badge->setState(ClientState::Idle);
    m_reason->setText(QStringLiteral("opened from a file"));
    updateCounters();
    updateCounts();
    Q_EMIT titleChanged(title());
}

bool ConnectionTab::importCurl(const QString &command, QString *errorMessage, QStringList *warnings)
{
    SseClientOptions imported;
    if (!CurlCommand::parse(command, options(), &imported, warnings, errorMessage))
        return false;
    m_sessionName.clear();
    setOptions(imported);
    // Headers, body and the rest are in the editor: show them, they were just filled in.
    m_editorToggle->setChecked(true);
    return true;
}

QString ConnectionTab::curlCommand(QString *error) const
{
    SseClientOptions resolved;
    if (!resolvedOptions(&resolved, error))
        return {};
    return CurlCommand::toCurl(resolved);
}

void ConnectionTab::start()
{
    // A tab that showed a file goes live afresh: the file's entries are not this stream's.
    // One that streamed before resumes it.
    connectTo(!m_sessionName.isEmpty() || m_client->state() == ClientState::Idle);
}

void ConnectionTab::startAfresh()
{
    connectTo(true);
}

void ConnectionTab::connectTo(bool afresh)
{
    // A URL that is no URL, or a request with an undefined variable, is refused here, saying
    // what is wrong, not sent to be retried (nor sent with an empty value).
    SseClientOptions resolved;
    QString error;
    if (!resolvedOptions(&resolved, &error)) {
        m_recovery->showRefusal(QStringLiteral("Not connected: ") + error);
        m_url->setFocus();
        m_url->selectAll();
        return;
    }
    if (afresh) {
        m_client->close(QStringLiteral("started afresh"));
        m_sessionName.clear();
        clearLog();
        m_stats = SseClientStats();
        m_rateLastEvents = 0;
        m_eventsPerSecond = 0;
    }
    m_client->setOptions(resolved);
    // An MCP request (an endpoint named /mcp, the lens chosen, a JSON-RPC initialize): the
    // session driver is at hand.
    if (resolved.lens == "mcp" || resolved.url.path().endsWith(QLatin1String("/mcp"))
        || resolved.body.contains("\"initialize\""))
        showMcp(false);
    m_reason->clear();
    m_recovery->dismiss();
    Q_EMIT titleChanged(title());
    if (afresh)
        m_client->open();
    else
        m_client->resume();
    Q_EMIT requestStarted(request());
}

void ConnectionTab::showEditor(bool open)
{
    if (!open) {
        m_editor->hide();
        if (m_belowGaveWay && !m_belowGaveWayToMcp)
            m_below->show();
        m_belowGaveWay = false;
        return;
    }
    // The editor's own size hint is known once it has been shown; a dozen lines is what its
    // fields need to be usable.
    const int total = m_requestSplitter->height() - m_requestSplitter->handleWidth();
    const int usable = fontMetrics().height() * 12;
    if (total - usable < m_response->minimumSizeHint().height()) {
        // Too short for the editor, the table and the plots (a small screen): the plots and
        // timeline give way while the editor is open, before it shows, so that the window
        // never has to grow.
        m_below->hide();
        m_belowGaveWay = true;
        // The splitter learns of the hidden pane from a posted request; taken now, so that the
        // window's layout sees the smaller least height before it sees the editor.
        QCoreApplication::sendPostedEvents(m_below->parentWidget(), QEvent::LayoutRequest);
    }
    m_editor->show();
    // Sized once the layouts know what the hidden plots left: what the editor asks for, up to
    // half the height or all that the rest can spare if that is more.
    QTimer::singleShot(0, this, [this] {
        if (!m_editor->isVisible())
            return;
        const int wanted = m_editor->sizeHint().height();
        const int height = m_requestSplitter->height() - m_requestSplitter->handleWidth();
        const int spare = height - m_response->minimumSizeHint().height();
        const int editor = std::max(std::min(wanted, std::max(height / 2, spare)),
                                    m_editor->minimumSizeHint().height());
        m_requestSplitter->setSizes({editor, height - editor});
    });
}

void ConnectionTab::stop()
{
    m_client->close();
    // The user's Stop: what had arrived is shown now, with the closed state after it (at most
    // the flow-control window of records waits here).
    ingestFor(-1);
}

void ConnectionTab::clearLog()
{
    dropPending();
    m_log->clear();
    m_timeline->clear();
    m_plot->clear();
    m_lensSeen.reset();
    showLens(nullptr);
}

void ConnectionTab::showLens(std::shared_ptr<const LensReport> report)
{
    // Facts of a stream no lens read (its event types and sizes alone) get no Answer tab.
    if (report && report->facts.lens.isEmpty())
        report.reset();
    m_lens->setReport(report);
    const int at = m_side->indexOf(m_lens);
    if (report && at < 0) {
        // A lens began reading: its tab comes first and in front (an event picked in the
        // table brings the event's tab back).
        m_side->insertTab(0, m_lens, QStringLiteral("Answer"));
        m_side->setCurrentWidget(m_lens);
    } else if (!report && at >= 0) {
        m_side->removeTab(at);
        m_lens->hide();
    }
    if (report) {
        m_side->setTabText(
            m_side->indexOf(m_lens),
            QStringLiteral("Answer · %1").arg(LensPane::lensTitle(report->facts.lens)));
        if (report->facts.lens == "mcp")
            showMcp(false);
    }
}

void ConnectionTab::showMcp(bool front)
{
    if (m_side->indexOf(m_mcp) < 0) {
        const int lens = m_side->indexOf(m_lens);
        m_side->insertTab(lens + 1, m_mcp, QStringLiteral("MCP"));
        m_side->setTabToolTip(m_side->indexOf(m_mcp),
                              QStringLiteral("Drive an MCP session with this tab's request"));
    }
    if (front)
        m_side->setCurrentWidget(m_mcp);
}

void ConnectionTab::showChecks()
{
    if (m_side->indexOf(m_checks) < 0) {
        m_side->addTab(m_checks, QStringLiteral("Checks"));
        m_side->setTabToolTip(m_side->indexOf(m_checks),
                              QStringLiteral("A check file's expectations, ticked on this tab's "
                                             "stream as it runs"));
    }
    m_side->setCurrentWidget(m_checks);
}

void ConnectionTab::showDoctor()
{
    if (m_side->indexOf(m_doctor) < 0) {
        m_side->addTab(m_doctor, QStringLiteral("Doctor"));
        m_side->setTabToolTip(m_side->indexOf(m_doctor),
                              QStringLiteral("Diagnose this tab's endpoint: headers, buffering, "
                                             "heartbeats, idle limits, resume"));
    }
    m_side->setCurrentWidget(m_doctor);
}

void ConnectionTab::listenToMcpSession()
{
    const QString url = m_url->text(); // as written, variables and all
    setOptions(m_mcp->session()->listenRequest(options()));
    m_url->setText(url);
    startAfresh();
    Q_EMIT notice(QStringLiteral("This tab now listens on the MCP session's GET stream"));
}

void ConnectionTab::setViewPaused(bool paused)
{
    m_pause->setChecked(paused);
}

void ConnectionTab::setFollowTail(bool follow)
{
    m_follow->setChecked(follow);
}

void ConnectionTab::focusFilter()
{
    m_filterBar->focusText();
}

void ConnectionTab::onBatch(const ClientBatch &batch)
{
    if (batch.stats.bytes != m_arrivedBytes) {
        m_arrivedBytes = batch.stats.bytes;
        m_lastArrivalNs = monotonicNowNs();
    }
    if (batch.records.isEmpty() && m_pending.empty()) {
        finishBatch(batch);
        return;
    }
    m_pending.push_back(batch);
    m_pendingRecords += batch.records.size();
    if (!m_ingestTimer->isActive())
        m_ingestTimer->start();
}

void ConnectionTab::ingest()
{
    ingestFor(kIngestBudgetMs);
}

void ConnectionTab::ingestFor(int budgetMs)
{
    // One slice: records in chunks until the budget is spent, so that the table takes a few
    // thousand rows per turn of the event loop with one row insertion per chunk.
    QElapsedTimer spent;
    spent.start();
    while (!m_pending.empty() && (budgetMs < 0 || spent.elapsed() < budgetMs)) {
        const ClientBatch &batch = m_pending.front();
        const qsizetype size = batch.records.size();
        const qsizetype take = std::min<qsizetype>(kIngestChunkRecords, size - m_pendingOffset);
        const ClientRecord *first = batch.records.constData() + m_pendingOffset;
        m_log->append(first, first + take);
        m_pendingOffset += take;
        m_pendingRecords -= take;
        if (m_pendingOffset < size)
            continue;
        // The whole batch is in the log: its state changes, timeline and counters follow.
        const ClientBatch done = std::move(m_pending.front());
        m_pending.pop_front();
        m_pendingOffset = 0;
        finishBatch(done);
    }
    if (!m_pending.empty())
        m_ingestTimer->start();
}

void ConnectionTab::finishBatch(const ClientBatch &batch)
{
    m_log->setStats(batch.stats);
    m_timeline->append(batch.records);
    m_plot->addRecords(batch.records);
    for (const ClientRecord &record : batch.records) {
        if (record.attempt)
            m_lastAttempt = {record.attempt, record.conn};
        if (record.kind == ClientRecord::Kind::State)
            showState(record);
    }
    // Once per report the log takes (a stream no lens read may end with one the pane skips).
    if (m_log->lens() != m_lensSeen) {
        m_lensSeen = m_log->lens();
        showLens(m_lensSeen);
    }
    m_stats = batch.stats;
    m_countersDirty = true;
    if (batch.holdsCredit)
        m_client->releaseBatch();
}

void ConnectionTab::dropPending()
{
    for (const ClientBatch &batch : m_pending) {
        if (batch.holdsCredit)
            m_client->releaseBatch();
    }
    m_pending.clear();
    m_pendingOffset = 0;
    m_pendingRecords = 0;
    m_ingestTimer->stop();
}

void ConnectionTab::inspect(const AttemptPointer &attempt, int conn)
{
    auto *inspector = new ResponseInspector(attempt, conn, this);
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    inspector->show();
}

void ConnectionTab::inspectLastRequest()
{
    if (m_lastAttempt.first)
        inspect(m_lastAttempt.first, m_lastAttempt.second);
}

void ConnectionTab::showState(const ClientRecord &record)
{
    m_badge->setState(record.state, record.reason, record.httpStatus, record.delayMs,
                      record.attempt.get());
    m_reason->setText(StateBadge::describe(record.reason, record.httpStatus));
    m_recovery->showFor(record, m_client->options().resilient);
    if (record.state == ClientState::Open)
        m_lastArrivalNs = std::max(m_lastArrivalNs, record.monotonicNs);
    Q_EMIT stateChanged(record.state);
}

void ConnectionTab::updateSilence()
{
    if (m_badge->state() != ClientState::Open || m_lastArrivalNs <= 0)
        return;
    // How long a quiet spell may last before it is news: twice the heartbeat interval seen
    // (at least a second), else half the idle timeout. With neither, quiet is no sign.
    qint64 allowedMs = 0;
    QString basis;
    const qint64 idleMs = m_client->options().idleTimeoutMs;
    if (std::isfinite(m_stats.heartbeatIntervalMs) && m_stats.heartbeatIntervalMs > 0) {
        allowedMs = std::max<qint64>(1000, qint64(2 * m_stats.heartbeatIntervalMs));
        basis = QStringLiteral("heartbeats came every %1 s")
                    .arg(m_stats.heartbeatIntervalMs / 1000.0, 0, 'f', 1);
    } else if (idleMs > 0) {
        allowedMs = idleMs / 2;
        basis = QStringLiteral("the idle timeout reconnects after %1 s").arg(idleMs / 1000);
    }
    const qint64 silentMs = (monotonicNowNs() - m_lastArrivalNs) / 1000000;
    m_badge->setSilence(allowedMs > 0 && silentMs > allowedMs ? silentMs : 0, basis);
}

void ConnectionTab::noteFault(const QString &fault, const QString &detail)
{
    const qint64 now = monotonicNowNs();
    m_plot->addFault(now, detail.isEmpty() ? fault : fault + QStringLiteral(": ") + detail);
    m_timeline->appendFault(now, fault, detail);
}

void ConnectionTab::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateCounters(); // the captions' colour is written into the label's rich text
        styleToggle(m_follow, palette());
        styleToggle(m_pause, palette());
    }
}

void ConnectionTab::updateCounters()
{
    m_countersDirty = false;
    m_counters->showStats(m_stats, m_eventsPerSecond);
}

void ConnectionTab::updateCounts()
{
    m_countsDirty = false;
    const EventFilter filter = m_model->filter();
    m_filterBar->setCounts(m_model->matchCount(), m_log->size(), filter.isActive());
    QStringList notes;
    if (m_log->dropped() > 0) {
        notes << QStringLiteral("%1 oldest dropped (cap %2)")
                     .arg(QLocale().toString(m_log->dropped()),
                          QLocale().toString(m_log->capacity()));
    }
    // A sorted table takes no new rows: there is no tail to follow.
    m_follow->setEnabled(!m_model->isSorted());
    m_follow->setToolTip(m_model->isSorted()
                             ? QStringLiteral("A sorted table takes no new rows: sort again or go "
                                              "back to arrival order")
                             : QStringLiteral("Keep the newest event in view"));
    if (m_model->isSorted()) {
        const QString column =
            m_model->headerData(m_model->sortColumn(), Qt::Horizontal).toString().toHtmlEscaped();
        const QString arrow =
            m_model->sortOrder() == Qt::AscendingOrder ? QStringLiteral("↑") : QStringLiteral("↓");
        QString note = QStringLiteral("sorted by %1 %2").arg(column, arrow);
        if (m_model->heldCount() > 0) {
            note += QStringLiteral(" · %1 held: <a href=\"resort\">sort again</a>")
                        .arg(QLocale().toString(m_model->heldCount()));
        }
        notes << note + QStringLiteral(" · <a href=\"arrival\">arrival order</a>");
    } else if (m_model->isPaused()) {
        notes << QStringLiteral("%1 waiting").arg(QLocale().toString(m_model->pendingCount()));
    }
    m_dropped->setText(notes.join(QStringLiteral(", ")));
}
