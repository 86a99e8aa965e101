// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "checkpane.h"
#include "client/sseclient.h"
#include "connectiontab.h"
#include "doctorpane.h"
#include "environmentstore.h"
#include "io/session.h"
#include "keychainsecretstore.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "mockserverpanel.h"
#include "profilemenu.h"
#include "profilestore.h"
#include "requesthistory.h"
#include "requestpanel.h"
#include "server/mcppreset.h"
#include "server/mockserver.h"
#include "sessionactions.h"
#include "statebadge.h"
#include "theme.h"
#include "util/version.h"
#include "windowlayout.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <utility>

namespace {

// A round dot in the state's colour, for the tab.
QIcon stateIcon(ClientState state)
{
    const QColor color = Theme::stateColor(state);
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(3, 3, 10, 10));
    return QIcon(pixmap);
}

// Settings keys of the window layout.
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("ssemon — Server-Sent Events monitor"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("connections"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    auto *add = new QToolButton(m_tabs);
    add->setText(QStringLiteral("+"));
    add->setToolTip(QStringLiteral("New connection tab (Ctrl+T)"));
    add->setAutoRaise(true);
    m_tabs->setCornerWidget(add, Qt::TopRightCorner);
    setCentralWidget(m_tabs);
    connect(add, &QToolButton::clicked, this, &MainWindow::newTab);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);

    m_server = new MockServer(this);
    // Lively by default: something arrives in the first second, heartbeats included.
    MockServerOptions serverOptions = m_server->options();
    serverOptions.heartbeatMs = 1000;
    serverOptions.eventMs = 500;
    m_server->setOptions(serverOptions);
    m_serverDock = new QDockWidget(QStringLiteral("Embedded mock server"), this);
    m_serverDock->setObjectName(QStringLiteral("mockServerDock"));
    m_serverPanel = new MockServerPanel(m_server, m_serverDock);
    m_serverDock->setWidget(m_serverPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_serverDock);
    connect(m_serverPanel, &MockServerPanel::started, this, [this](const QUrl &url) {
        statusBar()->showMessage(
            QStringLiteral("Embedded mock server listening on %1").arg(url.toString()));
        followEmbedded();
    });
    // Faults the embedded server acts out show on the tabs streaming from it.
    connect(m_server, &MockServer::faultFired, this, [this](const FaultReport &info) {
        const QUrl server = m_server->url();
        for (int i = 0; i < m_tabs->count(); ++i) {
            auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(i));
            // What the tab connected to: its request resolved ({{base}}/events included).
            const QUrl url = tab ? tab->client()->options().url : QUrl();
            if (tab && url.host() == server.host() && url.port(80) == server.port())
                tab->noteFault(info.spec, info.detail);
        }
    });
    connect(m_serverPanel, &MockServerPanel::faultApplied, this,
            [this](int id, const QString &spec) {
                statusBar()->showMessage(QStringLiteral("Fault #%1 applied: %2").arg(id).arg(spec),
                                         5000);
            });

    m_layout = std::make_unique<WindowLayout>(this, m_serverPanel->pages());
    // A session opens into the current tab while it is untouched, else into a new one; a
    // profile while nothing was received in it.
    m_sessions = new SessionActions(
        this, statusBar(), [this] { return currentTab(); },
        [this] {
            ConnectionTab *tab = currentTab();
            if (!tab || !tab->urlField()->text().trimmed().isEmpty() || tab->log()->size() > 0)
                tab = newTab();
            return tab;
        });
    // The side panel of an API client, on the left: made before the menus (the View menu
    // toggles it), filled once the Profiles menu exists.
    m_requestDock = new QDockWidget(QStringLiteral("Requests"), this);
    m_requestDock->setObjectName(QStringLiteral("requestDock"));
    m_requestDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, m_requestDock);
    createMenus();
    m_keychain = new KeychainSecretStore(QCoreApplication::applicationName(), this);
    m_profileMenu->store()->setSecretStore(m_keychain);
    m_history = new RequestHistory(RequestHistory::defaultFileName(), this);
    m_environments = new EnvironmentStore(m_keychain, this);
    m_requestPanel = new RequestPanel(
        m_history, m_profileMenu, m_environments, statusBar(), [this] { return freeTab(); },
        [this] { return newTab(); }, m_requestDock);
    m_requestDock->setWidget(m_requestPanel);
    connect(m_environments, &EnvironmentStore::changed, this, &MainWindow::applyEnvironment);
    m_outcomeTimer = new QTimer(this);
    m_outcomeTimer->setInterval(1000);
    connect(m_outcomeTimer, &QTimer::timeout, this, [this] {
        for (auto it = m_liveEntries.cbegin(); it != m_liveEntries.cend(); ++it)
            noteOutcome(it.key());
    });
    m_outcomeTimer->start();
    newTab();
    const QSize available = screen()->availableGeometry().size();
    resize(std::min(1500, available.width() * 9 / 10), std::min(1000, available.height() * 9 / 10));
    // The dock compact at first: the stream is what a newcomer came to see (on a short
    // window, under a third of its height, so that the table shows more than a few rows).
    resizeDocks({m_serverDock}, {std::min(250, height() * 3 / 10)}, Qt::Vertical);
    // The side panel at first only where it leaves the stream its room (a saved layout says
    // otherwise once the user showed or hid it).
    m_requestDock->setVisible(width() >= 1400);
    resizeDocks({m_requestDock}, {280}, Qt::Horizontal);
    m_layout->restoreWindow();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *newTabAction =
        file->addAction(QStringLiteral("&New connection tab"), this, &MainWindow::newTab);
    newTabAction->setShortcut(QKeySequence::AddTab);
    QAction *closeTabAction = file->addAction(QStringLiteral("&Close tab"), this,
                                              [this] { closeTab(m_tabs->currentIndex()); });
    closeTabAction->setShortcut(QKeySequence::Close);
    file->addSeparator();
    file->addAction(QStringLiteral("&Open session…"), this, &MainWindow::openSessionFile)
        ->setShortcut(QKeySequence::Open);
    file->addAction(QStringLiteral("&Save session…"), this, &MainWindow::saveSessionAs)
        ->setShortcut(QKeySequence::Save);
    file->addAction(QStringLiteral("&Export events…"), this, &MainWindow::exportEventsAs)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *connection = menuBar()->addMenu(QStringLiteral("&Connection"));
    QAction *connectAction =
        connection->addAction(QStringLiteral("C&onnect"), this, &MainWindow::connectCurrent);
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    QAction *stopAction =
        connection->addAction(QStringLiteral("&Stop"), this, &MainWindow::stopCurrent);
    stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    QAction *afresh = connection->addAction(
        QStringLiteral("Start &afresh (clear events, counters, Last-Event-ID)"), this,
        &MainWindow::startCurrentAfresh);
    afresh->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    QAction *mcp = connection->addAction(QStringLiteral("Drive an &MCP session…"), this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->showMcp();
    });
    mcp->setObjectName(QStringLiteral("driveMcp"));
    mcp->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    mcp->setToolTip(QStringLiteral("Initialize, list and call an MCP server's tools, resources "
                                   "and prompts with this tab's request"));
    QAction *check =
        connection->addAction(QStringLiteral("Run a chec&k file on this tab…"), this, [this] {
            ConnectionTab *tab = currentTab();
            if (!tab)
                return;
            tab->showChecks();
            if (tab->checkPane()->filePath().isEmpty())
                tab->checkPane()->chooseFile();
        });
    check->setObjectName(QStringLiteral("runCheckFile"));
    check->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    check->setToolTip(QStringLiteral("Open a check file (as ssemon-cli check runs) and tick its "
                                     "expectations on this tab's stream as it runs"));
    QAction *diagnose =
        connection->addAction(QStringLiteral("&Diagnose this endpoint…"), this, [this] {
            ConnectionTab *tab = currentTab();
            if (!tab)
                return;
            tab->showDoctor();
            // The budget is chosen in the pane; Diagnose is in focus, a key starts it.
            tab->doctorPane()->runButton()->setFocus();
        });
    diagnose->setObjectName(QStringLiteral("diagnoseEndpoint"));
    diagnose->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    diagnose->setToolTip(QStringLiteral("Run the endpoint doctor (as ssemon-cli doctor does) on "
                                        "this tab's request: a report of findings with "
                                        "evidence and fixes"));
    connection->addSeparator();
    QAction *embedded = connection->addAction(QStringLiteral("Open the &embedded mock server"),
                                              this, [this] { startEmbedded(); });
    Q_UNUSED(embedded);

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    QAction *find = view->addAction(QStringLiteral("&Find"), this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->focusFilter();
    });
    find->setShortcut(QKeySequence::Find);
    QAction *pause = view->addAction(QStringLiteral("&Pause view"), this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->setViewPaused(!tab->isViewPaused());
    });
    pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    QAction *follow = view->addAction(QStringLiteral("F&ollow newest"), this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->setFollowTail(!tab->followsTail());
    });
    follow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    QAction *clear = view->addAction(QStringLiteral("&Clear events"), this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->clearLog();
    });
    clear->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(QStringLiteral("Event log &cap…"), this, [this] {
        bool ok = false;
        const int cap = QInputDialog::getInt(
            this, QStringLiteral("Event log cap"),
            QStringLiteral("Events and comments kept per tab (past it the oldest go):"),
            int(logCapacity()), 1000, 50000000, 100000, &ok);
        if (ok)
            setLogCapacity(cap);
    });
    view->addSeparator();
    view->addAction(m_serverDock->toggleViewAction());
    // Not the dock's own toggle: the choice between docked and floating is made before the
    // dock is shown, as showing it docked on a narrow window would grow the window at once.
    QAction *panel =
        view->addAction(QStringLiteral("&Requests: history, collections, environment"));
    panel->setObjectName(QStringLiteral("toggleRequestPanel"));
    panel->setCheckable(true);
    panel->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    connect(panel, &QAction::triggered, this, &MainWindow::showRequestPanel);
    // Not through `this`: the dock also says so while the window is being destroyed.
    connect(m_requestDock, &QDockWidget::visibilityChanged, panel,
            [dock = m_requestDock, panel] { panel->setChecked(!dock->isHidden()); });
    view->addSeparator();
    QMenu *palette = view->addMenu(QStringLiteral("P&alette"));
    m_paletteGroup = new QActionGroup(this);
    const QList<QPair<Theme::Mode, QString>> modes = {
        {Theme::Mode::System, QStringLiteral("Follow the &system")},
        {Theme::Mode::Light, QStringLiteral("&Light")},
        {Theme::Mode::Dark, QStringLiteral("&Dark")}};
    for (const auto &[mode, text] : modes) {
        QAction *action = palette->addAction(text);
        action->setObjectName(QStringLiteral("palette-") + Theme::modeName(mode));
        action->setCheckable(true);
        action->setChecked(mode == Theme::currentMode());
        action->setData(int(mode));
        m_paletteGroup->addAction(action);
        connect(action, &QAction::triggered, this,
                [this, mode = mode] { setPaletteMode(int(mode)); });
    }

    m_profileMenu = new ProfileMenu(
        menuBar()->addMenu(QStringLiteral("&Profiles")), this, statusBar(),
        [this] { return currentTab(); }, [this] { return freeTab(); });

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&Keyboard shortcuts"), this, &MainWindow::showShortcuts)
        ->setShortcut(QKeySequence::HelpContents);
    help->addSeparator();
    help->addAction(QStringLiteral("&About ssemon"), this, &MainWindow::showAbout);
    help->addAction(QStringLiteral("About &Qt"), qApp, &QApplication::aboutQt);
}

bool MainWindow::startEmbedded(QString *errorMessage)
{
    if (!m_server->isListening()) {
        QString message;
        if (!m_server->start(&message)) {
            statusBar()->showMessage(QStringLiteral("Embedded mock server failed: ") + message);
            if (errorMessage)
                *errorMessage = message;
            return false;
        }
        m_serverPanel->refresh();
        followEmbedded();
    }
    ConnectionTab *tab = currentTab();
    if (!tab || !tab->urlField()->text().trimmed().isEmpty())
        tab = newTab();
    statusBar()->showMessage(
        QStringLiteral("Embedded mock server listening on %1").arg(m_server->url().toString()));
    if (m_server->options().preset == McpPreset::Name) {
        // An MCP endpoint starts with an initialize POST that accepts both answer forms; a
        // GET would need a session first.
        SseClientOptions options = tab->options();
        options.url = m_server->url();
        options.method = QByteArrayLiteral("POST");
        options.headers = {{"Accept", "application/json, text/event-stream"},
                           {"Content-Type", "application/json"}};
        options.body = McpPreset::initializeRequest();
        tab->setOptions(options);
    }
    tab->openUrl(m_server->url());
    return true;
}

void MainWindow::followEmbedded()
{
    const QUrl now = m_server->url();
    const QUrl before = std::exchange(m_embeddedUrl, now);
    if (before.isEmpty())
        return;
    // Tabs on the embedded server follow it when a restart gave it another port (its own was
    // taken), and come back at once, resuming where they were.
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(i));
        if (!tab)
            continue;
        SseClientOptions options = tab->options();
        if (options.url.host() != before.host() || options.url.port(80) != before.port(80))
            continue;
        if (now.port() != before.port()) {
            options.url.setPort(now.port());
            tab->urlField()->setText(options.url.toString());
            updateTabTitle(tab);
        }
        // Every tab still streaming from it, or left failed by it; one the user stopped stays
        // stopped. An open one has merely not noticed yet that its server went.
        const ClientState state = tab->client()->state();
        if (state != ClientState::Idle && state != ClientState::Closed)
            tab->start();
    }
}

ConnectionTab *MainWindow::freeTab()
{
    ConnectionTab *tab = currentTab();
    if (!tab || tab->log()->size() > 0)
        tab = newTab();
    return tab;
}

void MainWindow::showRequestPanel(bool shown)
{
    if (shown && !m_requestDock->isFloating()) {
        // On a window too narrow to hold it beside the stream it floats at the window's left
        // edge instead of growing the window.
        const int needed = centralWidget()->minimumSizeHint().width()
            + m_requestDock->minimumSizeHint().width()
            + style()->pixelMetric(QStyle::PM_DockWidgetSeparatorExtent, nullptr, this);
        if (needed > width()) {
            m_requestDock->setFloating(true);
            const QRect area = centralWidget()->geometry();
            m_requestDock->setGeometry(
                QRect(mapToGlobal(area.topLeft()), QSize(280, std::max(300, area.height()))));
            statusBar()->showMessage(
                QStringLiteral("The Requests panel floats: the window is too narrow for it "
                               "beside the stream (on a wider window, double-click its title "
                               "to dock it)"),
                8000);
        }
    }
    m_requestDock->setVisible(shown);
    if (shown)
        m_requestDock->raise();
}

void MainWindow::noteOutcome(ConnectionTab *tab)
{
    const quint64 id = m_liveEntries.value(tab);
    if (id == 0)
        return;
    m_history->setOutcome(id, tab->badge()->state(), tab->reasonLabel()->text(),
                          tab->log()->stats().events);
}

void MainWindow::applyEnvironment()
{
    const TemplateVariables::Map values = m_environments->activeValues();
    for (int i = 0; i < tabCount(); ++i)
        tab(i)->setVariables(values, m_environments->active());
}

int MainWindow::tabCount() const
{
    return m_tabs->count();
}

ConnectionTab *MainWindow::tab(int index) const
{
    return qobject_cast<ConnectionTab *>(m_tabs->widget(index));
}

ConnectionTab *MainWindow::currentTab() const
{
    return qobject_cast<ConnectionTab *>(m_tabs->currentWidget());
}

SseClient *MainWindow::client() const
{
    ConnectionTab *tab = currentTab();
    return tab ? tab->client() : nullptr;
}

qint64 MainWindow::logCapacity() const
{
    return QSettings()
        .value(QStringLiteral("log/capacity"), EventLog::DefaultCapacity)
        .toLongLong();
}

void MainWindow::setLogCapacity(qint64 capacity)
{
    QSettings().setValue(QStringLiteral("log/capacity"), capacity);
    for (int i = 0; i < tabCount(); ++i)
        tab(i)->log()->setCapacity(capacity);
}

ConnectionTab *MainWindow::newTab()
{
    auto *tab = new ConnectionTab(m_tabs);
    tab->log()->setCapacity(logCapacity());
    m_layout->restoreSplitters(tab);
    const int index = m_tabs->addTab(tab, stateIcon(ClientState::Idle), tab->title());
    m_tabs->setCurrentIndex(index);
    connect(tab, &ConnectionTab::titleChanged, this, [this, tab] { updateTabTitle(tab); });
    connect(tab, &ConnectionTab::notice, this,
            [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    connect(tab, &ConnectionTab::stateChanged, this, [this, tab](ClientState state) {
        const int i = m_tabs->indexOf(tab);
        if (i >= 0)
            m_tabs->setTabIcon(i, stateIcon(state));
        noteOutcome(tab);
    });
    // Each request connected goes into the history, and what came of it follows.
    connect(tab, &ConnectionTab::requestStarted, this, [this, tab](const RequestTemplate &request) {
        noteOutcome(tab); // the previous request of this tab, as it ended
        m_liveEntries.insert(tab, m_history->record(request, m_environments->active()));
    });
    if (m_environments)
        tab->setVariables(m_environments->activeValues(), m_environments->active());
    // A check run on a tab streaming from the embedded mock server acts out its faults and
    // scenarios there.
    tab->checkPane()->setHostSource([this, tab]() -> MockServer * {
        SseClientOptions options = tab->client()->options();
        QString error;
        const ClientState state = tab->client()->state();
        const bool live = state == ClientState::Connecting || state == ClientState::Open
            || state == ClientState::Reconnecting;
        if (!m_server->isListening() || (!live && !tab->resolvedOptions(&options, &error)))
            return nullptr;
        const QUrl server = m_server->url();
        return options.url.host() == server.host() && options.url.port(80) == server.port()
            ? m_server
            : nullptr;
    });
    tab->urlField()->setFocus();
    return tab;
}

void MainWindow::updateTabTitle(ConnectionTab *tab)
{
    const int index = m_tabs->indexOf(tab);
    if (index >= 0) {
        m_tabs->setTabText(index, tab->title());
        m_tabs->setTabToolTip(index, tab->urlField()->text());
    }
}

void MainWindow::closeTab(int index)
{
    ConnectionTab *closing = tab(index);
    if (!closing)
        return;
    noteOutcome(closing);
    m_liveEntries.remove(closing);
    m_tabs->removeTab(index);
    closing->deleteLater();
    if (m_tabs->count() == 0)
        newTab(); // there is always a tab to type a URL into
}

void MainWindow::openUrl(const QUrl &url)
{
    ConnectionTab *tab = currentTab();
    if (!tab)
        tab = newTab();
    tab->openUrl(url);
}

void MainWindow::connectCurrent()
{
    if (ConnectionTab *tab = currentTab())
        tab->start();
}

void MainWindow::startCurrentAfresh()
{
    if (ConnectionTab *tab = currentTab()) {
        tab->startAfresh();
        statusBar()->showMessage(
            QStringLiteral("Started afresh: events, timeline and plots cleared; counters, "
                           "connection numbers and Last-Event-ID restarted"),
            8000);
    }
}

void MainWindow::stopCurrent()
{
    if (ConnectionTab *tab = currentTab())
        tab->stop();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, QStringLiteral("About ssemon"),
                       QStringLiteral("<h3>ssemon %1</h3>"
                                      "<p>A monitor and test tool for Server-Sent Events.</p>"
                                      "<p>Commit %2, built with Qt %3, running on Qt %4.</p>"
                                      "<p>MIT licensed.</p>")
                           .arg(QLatin1String(Version::number()), QLatin1String(Version::commit()),
                                QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    for (auto it = m_liveEntries.cbegin(); it != m_liveEntries.cend(); ++it)
        noteOutcome(it.key());
    m_history->save();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    // The desktop switched between light and dark (or changed its colours).
    if (event->type() == QEvent::ThemeChange)
        Theme::systemChanged();
    QMainWindow::changeEvent(event);
}

void MainWindow::saveLayout()
{
    m_layout->save(currentTab());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_layout->windowShown();
}

void MainWindow::setPaletteMode(int mode)
{
    const auto m = Theme::Mode(std::clamp(mode, 0, 2));
    Theme::apply(m);
    Theme::saveMode(m);
    for (QAction *action : m_paletteGroup->actions())
        action->setChecked(action->data().toInt() == int(m));
}

QStringList MainWindow::shortcutList() const
{
    QStringList lines;
    const std::function<void(const QMenu *, const QString &)> walk = [&](const QMenu *menu,
                                                                         const QString &path) {
        for (const QAction *action : menu->actions()) {
            const QString text = action->text().remove(QLatin1Char('&'));
            if (action->menu())
                walk(action->menu(), path + text + QStringLiteral(" › "));
            else if (!action->shortcut().isEmpty())
                lines << path + text + QLatin1Char('\t')
                        + action->shortcut().toString(QKeySequence::NativeText);
        }
    };
    for (const QAction *top : menuBar()->actions()) {
        if (top->menu())
            walk(top->menu(), top->text().remove(QLatin1Char('&')) + QStringLiteral(" › "));
    }
    lines << QStringLiteral("URL field: connect\tReturn")
          << QStringLiteral("Fault parameter or spec field: apply\tReturn")
          << QStringLiteral("Filter field: next tab stop\tTab");
    return lines;
}

void MainWindow::showShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(QStringLiteral("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(&dialog);
    const QStringList lines = shortcutList();
    auto *table = new QTableWidget(int(lines.size()), 2, &dialog);
    table->setObjectName(QStringLiteral("shortcuts"));
    table->setHorizontalHeaderLabels({QStringLiteral("Command"), QStringLiteral("Keys")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    for (int row = 0; row < lines.size(); ++row) {
        const QStringList parts = lines.at(row).split(QLatin1Char('\t'));
        table->setItem(row, 0, new QTableWidgetItem(parts.value(0)));
        table->setItem(row, 1, new QTableWidgetItem(parts.value(1)));
    }
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(560, 520);
    dialog.exec();
}

bool MainWindow::saveSession(const QString &fileName, bool includeSecrets, QString *errorMessage)
{
    return m_sessions->save(fileName, includeSecrets, errorMessage);
}

bool MainWindow::openSession(const QString &fileName, QString *errorMessage)
{
    return m_sessions->open(fileName, errorMessage);
}

bool MainWindow::exportEvents(const QString &fileName, QString *errorMessage)
{
    return m_sessions->exportEvents(fileName, errorMessage);
}

void MainWindow::saveSessionAs()
{
    m_sessions->saveAs();
}

void MainWindow::openSessionFile()
{
    m_sessions->openFile();
}

void MainWindow::exportEventsAs()
{
    m_sessions->exportAs();
}

ProfileStore *MainWindow::profileStore()
{
    return m_profileMenu->store();
}

void MainWindow::setSecretStore(SecretStore *store)
{
    m_profileMenu->store()->setSecretStore(store);
    m_environments->setSecretStore(store);
}

QString MainWindow::lastProfile() const
{
    return m_profileMenu->lastProfile();
}

ProfileStore::Result MainWindow::saveProfile(const QString &name, bool plainTextSecrets)
{
    return m_profileMenu->save(name, plainTextSecrets);
}

bool MainWindow::loadProfile(const QString &name)
{
    return m_profileMenu->load(name);
}

void MainWindow::saveProfileAs()
{
    m_profileMenu->saveAs();
}
