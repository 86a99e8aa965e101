// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "client/sseclient.h"
#include "connectiontab.h"
#include "io/session.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "mockserverpanel.h"
#include "profilestore.h"
#include "server/mockserver.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

#include <algorithm>

namespace {

// A round dot in the state's colour, for the tab.
QIcon stateIcon(ClientState state)
{
    QColor color(0x6b, 0x72, 0x80);
    switch (state) {
    case ClientState::Open:
        color = QColor(0x16, 0xa3, 0x4a);
        break;
    case ClientState::Connecting:
    case ClientState::Reconnecting:
        color = QColor(0xd9, 0x77, 0x06);
        break;
    case ClientState::Failed:
        color = QColor(0xdc, 0x26, 0x26);
        break;
    case ClientState::Idle:
    case ClientState::Closed:
        break;
    }
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(3, 3, 10, 10));
    return QIcon(pixmap);
}

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
    });

    createMenus();
    newTab();
    const QSize available = screen()->availableGeometry().size();
    resize(std::min(1500, available.width() * 9 / 10), std::min(1000, available.height() * 9 / 10));
    // The dock compact at first: the stream is what a newcomer came to see.
    resizeDocks({m_serverDock}, {190}, Qt::Vertical);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
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

    m_profiles = menuBar()->addMenu(QStringLiteral("&Profiles"));
    connect(m_profiles, &QMenu::aboutToShow, this, &MainWindow::fillProfilesMenu);
    fillProfilesMenu();

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
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
    }
    ConnectionTab *tab = currentTab();
    if (!tab || !tab->urlField()->text().trimmed().isEmpty())
        tab = newTab();
    statusBar()->showMessage(
        QStringLiteral("Embedded mock server listening on %1").arg(m_server->url().toString()));
    tab->openUrl(m_server->url());
    return true;
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
    const int index = m_tabs->addTab(tab, stateIcon(ClientState::Idle), tab->title());
    m_tabs->setCurrentIndex(index);
    connect(tab, &ConnectionTab::titleChanged, this, [this, tab] { updateTabTitle(tab); });
    connect(tab, &ConnectionTab::stateChanged, this, [this, tab](ClientState state) {
        const int i = m_tabs->indexOf(tab);
        if (i >= 0)
            m_tabs->setTabIcon(i, stateIcon(state));
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
                           .arg(QStringLiteral(SSEMON_VERSION), QStringLiteral(SSEMON_GIT_COMMIT),
                                QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

bool MainWindow::saveSession(const QString &fileName, bool includeSecrets, QString *errorMessage)
{
    ConnectionTab *tab = currentTab();
    if (!tab)
        return false;
    QString message;
    if (!Session::save(fileName, *tab->log(), tab->options(), includeSecrets, &message)) {
        statusBar()->showMessage(QStringLiteral("Could not save the session: ") + message);
        if (errorMessage)
            *errorMessage = message;
        return false;
    }
    statusBar()->showMessage(QStringLiteral("Saved %1 entries to %2")
                                 .arg(tab->log()->size())
                                 .arg(QDir::toNativeSeparators(fileName)));
    return true;
}

bool MainWindow::openSession(const QString &fileName, QString *errorMessage)
{
    SessionData session;
    QString message;
    if (!Session::open(fileName, &session, &message)) {
        statusBar()->showMessage(QStringLiteral("Could not open the session: ") + message);
        if (errorMessage)
            *errorMessage = message;
        return false;
    }
    ConnectionTab *tab = currentTab();
    if (!tab || !tab->urlField()->text().trimmed().isEmpty() || tab->log()->size() > 0)
        tab = newTab();
    tab->showSession(session, QFileInfo(fileName).fileName());
    statusBar()->showMessage(QStringLiteral("Opened %1 (%2 entries)")
                                 .arg(QDir::toNativeSeparators(fileName))
                                 .arg(tab->log()->size()));
    return true;
}

bool MainWindow::exportEvents(const QString &fileName, QString *errorMessage)
{
    ConnectionTab *tab = currentTab();
    if (!tab)
        return false;
    QSaveFile file(fileName);
    QString message;
    bool ok = file.open(QIODevice::WriteOnly);
    if (!ok) {
        message = file.errorString();
    } else {
        ok = fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
            ? Session::exportJson(&file, *tab->model(), &message)
            : Session::exportCsv(&file, *tab->model(), &message);
        if (ok && !file.commit()) {
            ok = false;
            message = file.errorString();
        }
    }
    if (!ok) {
        statusBar()->showMessage(QStringLiteral("Could not export: ") + message);
        if (errorMessage)
            *errorMessage = message;
        return false;
    }
    statusBar()->showMessage(QStringLiteral("Exported %1 rows to %2")
                                 .arg(tab->model()->rowCount())
                                 .arg(QDir::toNativeSeparators(fileName)));
    return true;
}

void MainWindow::saveSessionAs()
{
    ConnectionTab *tab = currentTab();
    if (!tab)
        return;
    const QString fileName = QFileDialog::getSaveFileName(
        this, QStringLiteral("Save session"), QStringLiteral("session.ndjson"),
        QStringLiteral("ssemon sessions (*.ndjson);;All files (*)"));
    if (fileName.isEmpty())
        return;
    bool hasSecrets = !tab->options().url.password().isEmpty();
    for (const auto &header : tab->options().headers)
        hasSecrets = hasSecrets || Session::isSecretHeader(header.first);
    // Secrets stay off the disk unless the user says otherwise, each time.
    bool includeSecrets = false;
    if (hasSecrets) {
        includeSecrets =
            QMessageBox::question(this, QStringLiteral("Save session"),
                                  QStringLiteral("The request carries credentials. Write them into "
                                                 "the file too? (No: they are saved as REDACTED.)"),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    }
    QString message;
    if (!saveSession(fileName, includeSecrets, &message))
        QMessageBox::warning(this, QStringLiteral("Save session"), message);
}

void MainWindow::openSessionFile()
{
    const QString fileName = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open session"), QString(),
        QStringLiteral("ssemon sessions and CLI captures (*.ndjson *.jsonl *.json);;"
                       "All files (*)"));
    if (fileName.isEmpty())
        return;
    QString message;
    if (!openSession(fileName, &message))
        QMessageBox::warning(this, QStringLiteral("Open session"), message);
}

void MainWindow::exportEventsAs()
{
    QString filter;
    const QString fileName = QFileDialog::getSaveFileName(
        this, QStringLiteral("Export the events shown"), QStringLiteral("events.csv"),
        QStringLiteral("CSV (*.csv);;JSON (*.json)"), &filter);
    if (fileName.isEmpty())
        return;
    QString message;
    if (!exportEvents(fileName, &message))
        QMessageBox::warning(this, QStringLiteral("Export events"), message);
}

void MainWindow::fillProfilesMenu()
{
    m_profiles->clear();
    m_profiles->addAction(QStringLiteral("&Save this request as a profile…"), this, [this] {
        ConnectionTab *tab = currentTab();
        if (!tab)
            return;
        bool ok = false;
        const QString name = QInputDialog::getText(this, QStringLiteral("Save profile"),
                                                   QStringLiteral("Profile name:"),
                                                   QLineEdit::Normal, tab->title(), &ok)
                                 .trimmed();
        if (!ok || name.isEmpty())
            return;
        const SseClientOptions options = tab->options();
        bool hasSecrets = !options.url.password().isEmpty();
        for (const auto &header : options.headers)
            hasSecrets = hasSecrets || Session::isSecretHeader(header.first);
        // Secrets stay off the disk unless the user says so, per profile.
        const bool includeSecrets = hasSecrets
            && QMessageBox::question(this, QStringLiteral("Save profile"),
                                     QStringLiteral("Store the credentials of this request "
                                                    "too? They are written to the settings "
                                                    "file in plain text."),
                                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                == QMessageBox::Yes;
        saveProfile(name, includeSecrets);
    });
    const QStringList names = ProfileStore::names();
    if (names.isEmpty())
        return;
    m_profiles->addSeparator();
    for (const QString &name : names)
        m_profiles->addAction(name, this, [this, name] { loadProfile(name); });
    QMenu *remove = m_profiles->addMenu(QStringLiteral("&Delete profile"));
    for (const QString &name : names)
        remove->addAction(name, this, [name] { ProfileStore::remove(name); });
}

void MainWindow::saveProfile(const QString &name, bool includeSecrets)
{
    if (ConnectionTab *tab = currentTab()) {
        ProfileStore::save(name, tab->options(), includeSecrets);
        statusBar()->showMessage(QStringLiteral("Profile \"%1\" saved").arg(name));
    }
}

bool MainWindow::loadProfile(const QString &name)
{
    SseClientOptions options;
    bool secretsOmitted = true;
    if (!ProfileStore::load(name, &options, &secretsOmitted))
        return false;
    ConnectionTab *tab = currentTab();
    if (!tab || tab->log()->size() > 0)
        tab = newTab();
    tab->setOptions(options);
    statusBar()->showMessage(
        secretsOmitted
            ? QStringLiteral("Profile \"%1\" loaded; its credentials were not saved").arg(name)
            : QStringLiteral("Profile \"%1\" loaded").arg(name));
    return true;
}
