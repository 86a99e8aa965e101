// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "client/sseclient.h"
#include "connectiontab.h"
#include "io/session.h"
#include "keychainsecretstore.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "mockserverpanel.h"
#include "profilestore.h"
#include "server/mockserver.h"
#include "theme.h"
#include "util/version.h"

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
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
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
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kSplittersGroup = QStringLiteral("window/splitters");
const QString kServerPageKey = QStringLiteral("window/serverPage");
const QString kLastProfileKey = QStringLiteral("window/lastProfile");
const QString kPlainTextOptInKey = QStringLiteral("secrets/plainTextOptIn");

// A tab's splitters by name. ConnectionTab names some of them; the others are told apart by
// their order of creation, which is the order findChildren() returns.
QList<QPair<QString, QSplitter *>> namedSplitters(QWidget *tab)
{
    QList<QPair<QString, QSplitter *>> list;
    int unnamed = 0;
    for (QSplitter *splitter : tab->findChildren<QSplitter *>()) {
        const QString name = splitter->objectName().isEmpty()
            ? QStringLiteral("splitter%1").arg(++unnamed)
            : splitter->objectName();
        list.append({name, splitter});
    }
    return list;
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
    // Faults the embedded server acts out show on the tabs streaming from it.
    connect(m_server, &MockServer::faultFired, this, [this](const FaultReport &info) {
        const QUrl server = m_server->url();
        for (int i = 0; i < m_tabs->count(); ++i) {
            auto *tab = qobject_cast<ConnectionTab *>(m_tabs->widget(i));
            const QUrl url = tab ? tab->options().url : QUrl();
            if (tab && url.host() == server.host() && url.port(80) == server.port())
                tab->noteFault(info.spec, info.detail);
        }
    });
    connect(m_serverPanel, &MockServerPanel::faultApplied, this,
            [this](int id, const QString &spec) {
                statusBar()->showMessage(QStringLiteral("Fault #%1 applied: %2").arg(id).arg(spec),
                                         5000);
            });

    m_keychain = new KeychainSecretStore(QCoreApplication::applicationName(), this);
    m_profileStore.setSecretStore(m_keychain);

    createMenus();
    newTab();
    const QSize available = screen()->availableGeometry().size();
    resize(std::min(1500, available.width() * 9 / 10), std::min(1000, available.height() * 9 / 10));
    // The dock compact at first: the stream is what a newcomer came to see.
    resizeDocks({m_serverDock}, {250}, Qt::Vertical);
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    m_serverPanel->pages()->setCurrentIndex(settings.value(kServerPageKey, 0).toInt());
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

    m_profiles = menuBar()->addMenu(QStringLiteral("&Profiles"));
    connect(m_profiles, &QMenu::aboutToShow, this, &MainWindow::fillProfilesMenu);
    fillProfilesMenu();

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
    restoreSplitters(tab);
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
                           .arg(QLatin1String(Version::number()), QLatin1String(Version::commit()),
                                QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
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
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kServerPageKey, m_serverPanel->pages()->currentIndex());
    // Every tab is laid out alike: the current one stands for all.
    if (ConnectionTab *tab = currentTab()) {
        settings.beginGroup(kSplittersGroup);
        for (const auto &[name, splitter] : namedSplitters(tab))
            settings.setValue(name, splitter->saveState());
        settings.endGroup();
    }
}

void MainWindow::restoreSplitters(ConnectionTab *tab)
{
    // Splitter states are pixel sizes: restored before the tab has its real size, they would
    // be scaled to whatever it had then. So they wait until the window is shown and the tab
    // laid out.
    if (!isVisible()) {
        m_pendingSplitters.append(tab);
        return;
    }
    QTimer::singleShot(0, tab, [this, tab] { applySplitters(tab); });
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    const QList<QPointer<ConnectionTab>> pending = std::exchange(m_pendingSplitters, {});
    for (const QPointer<ConnectionTab> &tab : pending) {
        if (tab)
            QTimer::singleShot(0, tab, [this, tab] { applySplitters(tab); });
    }
}

void MainWindow::applySplitters(ConnectionTab *tab)
{
    QSettings settings;
    settings.beginGroup(kSplittersGroup);
    for (const auto &[name, splitter] : namedSplitters(tab)) {
        const QByteArray state = settings.value(name).toByteArray();
        if (!state.isEmpty())
            splitter->restoreState(state);
    }
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
            ? Session::exportJson(&file, *tab->log(), tab->model()->logIndexes(), &message)
            : Session::exportCsv(&file, *tab->log(), tab->model()->logIndexes(), &message);
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
    m_profiles->addAction(QStringLiteral("&Save this request as a profile…"), this,
                          &MainWindow::saveProfileAs);
    const QStringList names = ProfileStore::names();
    if (names.isEmpty())
        return;
    m_profiles->addSeparator();
    const QString last = lastProfile();
    for (const QString &name : names) {
        QAction *action = m_profiles->addAction(name, this, [this, name] { loadProfile(name); });
        if (name == last) {
            action->setCheckable(true);
            action->setChecked(true);
            action->setToolTip(QStringLiteral("The profile last used"));
        }
    }
    QMenu *remove = m_profiles->addMenu(QStringLiteral("&Delete profile"));
    for (const QString &name : names)
        remove->addAction(name, this, [this, name] { m_profileStore.remove(name); });
}

void MainWindow::saveProfileAs()
{
    ConnectionTab *tab = currentTab();
    if (!tab)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(QStringLiteral("Save profile"));
    auto *form = new QFormLayout(&dialog);
    auto *name = new QLineEdit(tab->title(), &dialog);
    name->setObjectName(QStringLiteral("profileName"));
    form->addRow(QStringLiteral("Profile name"), name);
    auto *plainText = new QCheckBox(
        QStringLiteral("Store secrets in the settings file (plain text) when no keychain "
                       "can take them"),
        &dialog);
    plainText->setObjectName(QStringLiteral("plainTextSecrets"));
    plainText->setChecked(QSettings().value(kPlainTextOptInKey, false).toBool());
    auto *warning = new QLabel(
        QStringLiteral("Tokens, passwords and secret header values go to the system keychain. "
                       "Without one they are left out, unless this is ticked: then anyone who "
                       "can read %1 can read them.")
            .arg(QDir::toNativeSeparators(QSettings().fileName()).toHtmlEscaped()),
        &dialog);
    warning->setWordWrap(true);
    warning->setForegroundRole(QPalette::PlaceholderText);
    const bool hasSecrets = ProfileStore::hasSecrets(tab->options());
    plainText->setEnabled(hasSecrets);
    warning->setVisible(hasSecrets);
    form->addRow(plainText);
    form->addRow(warning);
    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(520, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted || name->text().trimmed().isEmpty())
        return;
    QSettings().setValue(kPlainTextOptInKey, plainText->isChecked());
    const ProfileStore::Result result = saveProfile(name->text().trimmed(), plainText->isChecked());
    if (result.secrets == ProfileStore::Secrets::Omitted
        || result.secrets == ProfileStore::Secrets::SettingsFile)
        QMessageBox::warning(this, QStringLiteral("Save profile"),
                             QStringLiteral("Profile saved, but %1.").arg(result.message));
}

void MainWindow::setSecretStore(SecretStore *store)
{
    m_profileStore.setSecretStore(store);
}

QString MainWindow::lastProfile() const
{
    return QSettings().value(kLastProfileKey).toString();
}

ProfileStore::Result MainWindow::saveProfile(const QString &name, bool plainTextSecrets)
{
    ProfileStore::Result result;
    ConnectionTab *tab = currentTab();
    if (!tab)
        return result;
    result = m_profileStore.save(name, tab->options(), plainTextSecrets);
    QSettings().setValue(kLastProfileKey, name);
    statusBar()->showMessage(
        result.message.isEmpty()
            ? QStringLiteral("Profile \"%1\" saved").arg(name)
            : QStringLiteral("Profile \"%1\" saved; %2").arg(name, result.message));
    return result;
}

bool MainWindow::loadProfile(const QString &name)
{
    SseClientOptions options;
    ProfileStore::Result result;
    if (!m_profileStore.load(name, &options, &result))
        return false;
    ConnectionTab *tab = currentTab();
    if (!tab || tab->log()->size() > 0)
        tab = newTab();
    tab->setOptions(options);
    QSettings().setValue(kLastProfileKey, name);
    statusBar()->showMessage(
        result.message.isEmpty()
            ? QStringLiteral("Profile \"%1\" loaded").arg(name)
            : QStringLiteral("Profile \"%1\" loaded; %2").arg(name, result.message));
    return true;
}
