// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "mcppane.h"

#include "theme.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int KindRole = Qt::UserRole;
constexpr int EntryRole = Qt::UserRole + 1;
constexpr int SeqRole = Qt::UserRole + 2;

// A session id is long and random: its start tells sessions apart.
QString shortId(const QByteArray &id)
{
    return id.size() > 12 ? QString::fromLatin1(id.left(8)) + QStringLiteral("…")
                          : QString::fromLatin1(id);
}

QString requestTitle(const McpSession::Call &call)
{
    QString title = QString::fromLatin1(call.method);
    const QString name = call.params.value(QLatin1String("name")).toString();
    const QString uri = call.params.value(QLatin1String("uri")).toString();
    if (!name.isEmpty())
        title += QLatin1Char(' ') + name;
    else if (!uri.isEmpty())
        title += QLatin1Char(' ') + uri;
    if (call.retry)
        title += QStringLiteral(" (again, new session)");
    return title;
}

// One notification in a line: progress and log messages in words, others as their JSON.
QString notificationText(const QJsonObject &notification)
{
    const QString method = notification.value(QLatin1String("method")).toString();
    const QJsonObject params = notification.value(QLatin1String("params")).toObject();
    const auto text = [](const QJsonValue &v) {
        if (v.isObject())
            return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        if (v.isArray())
            return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        return v.toVariant().toString();
    };
    if (method == QLatin1String("notifications/progress")) {
        QString line =
            QStringLiteral("progress %1").arg(params.value(QLatin1String("progress")).toDouble());
        if (params.contains(QLatin1String("total")))
            line += QStringLiteral(" of %1").arg(params.value(QLatin1String("total")).toDouble());
        const QString message = params.value(QLatin1String("message")).toString();
        return message.isEmpty() ? line : line + QStringLiteral(": ") + message;
    }
    if (method == QLatin1String("notifications/message")) {
        return QStringLiteral("log %1: %2")
            .arg(params.value(QLatin1String("level")).toString(),
                 text(params.value(QLatin1String("data"))));
    }
    return method + QLatin1Char(' ')
        + QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact));
}

} // namespace

McpPane::McpPane(QWidget *parent)
    : QWidget(parent)
    , m_session(new McpSession({}, this))
{
    setObjectName(QStringLiteral("mcpPane"));
    // In a scroll area: on a short side pane (a small screen, the dock open) the parts keep a
    // usable height and the pane scrolls, rather than squeezing them to nothing.
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("mcpScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    auto *content = new QWidget(scroll);
    content->setMinimumHeight(fontMetrics().height() * 22);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);

    m_sessionLine = new QLabel(this);
    m_sessionLine->setObjectName(QStringLiteral("mcpSession"));
    m_sessionLine->setWordWrap(true);
    m_sessionLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("mcpNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->hide();

    auto *buttons = new QHBoxLayout;
    m_initialize = new QPushButton(QStringLiteral("Initialize"), this);
    m_initialize->setObjectName(QStringLiteral("mcpInitialize"));
    m_initialize->setToolTip(QStringLiteral(
        "POST initialize to the tab's URL with its headers, auth, TLS and proxy settings, then "
        "notifications/initialized and the lists of tools, resources and prompts"));
    m_end = new QPushButton(QStringLiteral("End session"), this);
    m_end->setObjectName(QStringLiteral("mcpEnd"));
    m_end->setToolTip(QStringLiteral("DELETE the session (Mcp-Session-Id)"));
    m_stream = new QPushButton(QStringLiteral("Open GET stream in tab"), this);
    m_stream->setObjectName(QStringLiteral("mcpStream"));
    m_stream->setToolTip(QStringLiteral(
        "Connect this tab to the session's GET stream (Mcp-Session-Id set on the tab's "
        "request): the event table then shows the server's notifications"));
    buttons->addWidget(m_initialize);
    buttons->addWidget(m_end);
    buttons->addWidget(m_stream);
    buttons->addStretch(1);

    // Two rows of two, so that each part keeps a usable height in a short side pane: what the
    // server offers beside the arguments, the requests beside the selected one's result.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("mcpSplitter"));
    splitter->setChildrenCollapsible(false);
    auto *top = new QSplitter(Qt::Horizontal, splitter);
    top->setChildrenCollapsible(false);
    auto *bottom = new QSplitter(Qt::Horizontal, splitter);
    bottom->setChildrenCollapsible(false);
    m_catalogue = new QTreeWidget(top);
    m_catalogue->setObjectName(QStringLiteral("mcpCatalogue"));
    m_catalogue->setHeaderLabels({QStringLiteral("Offered"), QStringLiteral("Description")});
    m_catalogue->setRootIsDecorated(true);
    m_catalogue->setUniformRowHeights(true);
    m_catalogue->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_catalogue->header()->setStretchLastSection(true);
    for (const auto &[kind, title] :
         {std::pair {Kind::Tool, "Tools"}, std::pair {Kind::Resource, "Resources"},
          std::pair {Kind::Prompt, "Prompts"}}) {
        auto *item = new QTreeWidgetItem(m_catalogue, {QLatin1String(title)});
        item->setData(0, KindRole, int(kind));
        item->setFlags(Qt::ItemIsEnabled);
        item->setExpanded(true);
    }

    auto *argumentsBox = new QWidget(top);
    auto *argumentsLayout = new QVBoxLayout(argumentsBox);
    argumentsLayout->setContentsMargins(0, 0, 0, 0);
    argumentsLayout->setSpacing(2);
    m_argumentsTitle = new QLabel(argumentsBox);
    m_argumentsTitle->setWordWrap(true);
    m_argumentsTitle->setToolTip(QStringLiteral(
        "A tool's required properties are prefilled from its inputSchema with placeholders"));
    m_arguments = new QPlainTextEdit(argumentsBox);
    m_arguments->setObjectName(QStringLiteral("mcpArguments"));
    m_arguments->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_arguments->setTabChangesFocus(true);
    m_argumentsError = new QLabel(argumentsBox);
    m_argumentsError->setObjectName(QStringLiteral("mcpArgumentsError"));
    m_argumentsError->setWordWrap(true);
    m_argumentsError->hide();
    m_send = new QPushButton(argumentsBox);
    m_send->setObjectName(QStringLiteral("mcpSend"));
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_argumentsError, 1);
    sendRow->addWidget(m_send, 0, Qt::AlignRight | Qt::AlignTop);
    argumentsLayout->addWidget(m_argumentsTitle);
    argumentsLayout->addWidget(m_arguments, 1);
    argumentsLayout->addLayout(sendRow);

    m_log = new QTreeWidget(bottom);
    m_log->setObjectName(QStringLiteral("mcpLog"));
    m_log->setHeaderLabels(
        {QStringLiteral("Request"), QStringLiteral("Id"), QStringLiteral("Status")});
    m_log->setRootIsDecorated(false);
    m_log->setUniformRowHeights(true);
    // The status matters most: the request's column keeps a width the user can change.
    m_log->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_log->header()->resizeSection(0, fontMetrics().horizontalAdvance(QLatin1Char('x')) * 18);
    m_log->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_log->header()->setStretchLastSection(true);

    m_result = new QPlainTextEdit(bottom);
    m_result->setObjectName(QStringLiteral("mcpResult"));
    m_result->setReadOnly(true);
    m_result->setPlaceholderText(
        QStringLiteral("The selected request's result (its text content) and notifications."));
    top->addWidget(m_catalogue);
    top->addWidget(argumentsBox);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    bottom->addWidget(m_log);
    bottom->addWidget(m_result);
    bottom->setStretchFactor(0, 3); // the log's status column needs the room
    bottom->setStretchFactor(1, 2);
    splitter->addWidget(top);
    splitter->addWidget(bottom);

    layout->addWidget(m_sessionLine);
    layout->addLayout(buttons);
    layout->addWidget(m_note);
    layout->addWidget(splitter, 1);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    connect(m_initialize, &QPushButton::clicked, this, &McpPane::initialize);
    connect(m_end, &QPushButton::clicked, this, &McpPane::endSession);
    connect(m_stream, &QPushButton::clicked, this, &McpPane::openStreamRequested);
    connect(m_send, &QPushButton::clicked, this, &McpPane::sendSelected);
    connect(m_catalogue, &QTreeWidget::currentItemChanged, this, &McpPane::showSelection);
    connect(m_catalogue, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item && item->parent())
            sendSelected();
    });
    connect(m_arguments, &QPlainTextEdit::textChanged, m_argumentsError, &QWidget::hide);
    connect(m_log, &QTreeWidget::currentItemChanged, this, &McpPane::showResult);
    connect(m_session, &McpSession::stateChanged, this, [this](McpSession::State state) {
        showSession();
        // Initialized (not adopted): the lists follow.
        if (state == McpSession::State::Ready && !m_session->calls().empty()
            && m_session->calls().back().method == "initialize")
            listAll();
    });
    connect(m_session, &McpSession::listed, this, &McpPane::showListed);
    connect(m_session, &McpSession::callAdded, this, &McpPane::addCall);
    connect(m_session, &McpSession::callChanged, this, &McpPane::updateCall);
    connect(m_session, &McpSession::callFinished, this, [this](int seq) {
        updateCall(seq);
        showSession();
    });
    connect(m_session, &McpSession::noteAdded, this, [this](const QString &text) {
        m_note->setText(text);
        m_note->setToolTip(m_session->notes().join(QLatin1Char('\n')));
        m_note->show();
    });
    showSession();
    showSelection();
    changeEvent(nullptr);
}

void McpPane::changeEvent(QEvent *event)
{
    if (event)
        QWidget::changeEvent(event);
    if (!event || event->type() == QEvent::PaletteChange) {
        const QString caption = Theme::captionColor(palette()).name();
        m_note->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::warningColor().name()));
        m_argumentsError->setStyleSheet(
            QStringLiteral("color: %1;").arg(Theme::errorColor().name()));
        m_argumentsTitle->setStyleSheet(QStringLiteral("color: %1;").arg(caption));
    }
}

void McpPane::initialize()
{
    SseClientOptions options;
    QString why;
    if (m_source && !m_source(&options, &why)) {
        m_note->setText(QStringLiteral("Not initialized: ") + why);
        m_note->show();
        return;
    }
    m_note->hide();
    m_session->cancelAll();
    m_session->setRequest(options);
    for (int i = 0; i < m_catalogue->topLevelItemCount(); ++i)
        qDeleteAll(m_catalogue->topLevelItem(i)->takeChildren());
    showListed({});
    m_followNext = true;
    m_session->initialize();
    m_followNext = false; // also when nothing was sent
}

void McpPane::listAll()
{
    const QJsonObject capabilities = m_session->capabilities();
    // A server that states capabilities lists only what it offers; one that states none is
    // asked for all three.
    const bool all = capabilities.isEmpty();
    if (all || capabilities.contains(QLatin1String("tools")))
        m_session->listTools();
    if (all || capabilities.contains(QLatin1String("resources")))
        m_session->listResources();
    if (all || capabilities.contains(QLatin1String("prompts")))
        m_session->listPrompts();
}

void McpPane::endSession()
{
    m_followNext = true;
    m_session->end();
    m_followNext = false; // also when nothing was sent
}

QTreeWidgetItem *McpPane::section(Kind kind) const
{
    for (int i = 0; i < m_catalogue->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_catalogue->topLevelItem(i);
        if (item->data(0, KindRole).toInt() == int(kind))
            return item;
    }
    return nullptr;
}

void McpPane::showListed(const QByteArray &method)
{
    const struct
    {
        Kind kind;
        const char *method;
        const char *title;
        QJsonArray items;
        const char *key;
    } lists[] = {{Kind::Tool, "tools/list", "Tools", m_session->tools(), "name"},
                 {Kind::Resource, "resources/list", "Resources", m_session->resources(), "uri"},
                 {Kind::Prompt, "prompts/list", "Prompts", m_session->prompts(), "name"}};
    for (const auto &list : lists) {
        QTreeWidgetItem *top = section(list.kind);
        if (method.isEmpty()) {
            top->setText(0, QLatin1String(list.title));
            top->setText(1, QString());
            continue;
        }
        if (method != list.method)
            continue;
        qDeleteAll(top->takeChildren());
        for (const QJsonValue &value : list.items) {
            const QJsonObject entry = value.toObject();
            auto *item =
                new QTreeWidgetItem(top,
                                    {entry.value(QLatin1String(list.key)).toString(),
                                     entry.value(QLatin1String("description")).toString()});
            item->setData(0, KindRole, int(list.kind));
            item->setData(0, EntryRole, entry.toVariantMap());
            item->setToolTip(1, item->text(1));
        }
        top->setText(
            0, QStringLiteral("%1 (%2)").arg(QLatin1String(list.title)).arg(top->childCount()));
        top->setText(1, top->childCount() == 0 ? QStringLiteral("none offered") : QString());
        top->setExpanded(true);
        // The first tool is selected, ready to call, when nothing else is.
        if (list.kind == Kind::Tool && top->childCount() > 0 && !selectedEntry())
            m_catalogue->setCurrentItem(top->child(0));
    }
}

QTreeWidgetItem *McpPane::selectedEntry() const
{
    QTreeWidgetItem *item = m_catalogue->currentItem();
    return item && item->parent() ? item : nullptr;
}

bool McpPane::select(const QString &name)
{
    for (int i = 0; i < m_catalogue->topLevelItemCount(); ++i) {
        QTreeWidgetItem *top = m_catalogue->topLevelItem(i);
        for (int j = 0; j < top->childCount(); ++j) {
            if (top->child(j)->text(0) == name) {
                m_catalogue->setCurrentItem(top->child(j));
                return true;
            }
        }
    }
    return false;
}

void McpPane::showSelection()
{
    m_argumentsError->hide();
    QTreeWidgetItem *item = selectedEntry();
    const Kind kind = item ? Kind(item->data(0, KindRole).toInt()) : Kind::None;
    const QJsonObject entry =
        item ? QJsonObject::fromVariantMap(item->data(0, EntryRole).toMap()) : QJsonObject();
    QJsonObject arguments;
    switch (kind) {
    case Kind::None:
        m_argumentsTitle->setText(QStringLiteral("Select a tool, resource or prompt"));
        m_send->setText(QStringLiteral("Call"));
        break;
    case Kind::Tool:
        arguments =
            McpSession::argumentsTemplate(entry.value(QLatin1String("inputSchema")).toObject());
        m_argumentsTitle->setText(
            QStringLiteral("%1: arguments, a JSON object").arg(item->text(0)));
        m_send->setText(QStringLiteral("Call %1").arg(item->text(0)));
        break;
    case Kind::Resource:
        m_argumentsTitle->setText(QStringLiteral("%1: no arguments").arg(item->text(0)));
        m_send->setText(QStringLiteral("Read"));
        break;
    case Kind::Prompt:
        // A prompt's arguments are strings; the required ones are prefilled.
        for (const QJsonValue &a : entry.value(QLatin1String("arguments")).toArray()) {
            const QJsonObject argument = a.toObject();
            if (argument.value(QLatin1String("required")).toBool())
                arguments.insert(argument.value(QLatin1String("name")).toString(), QString());
        }
        m_argumentsTitle->setText(
            QStringLiteral("%1: arguments, a JSON object of strings").arg(item->text(0)));
        m_send->setText(QStringLiteral("Get %1").arg(item->text(0)));
        break;
    }
    m_arguments->setEnabled(kind == Kind::Tool || kind == Kind::Prompt);
    m_arguments->setPlainText(
        kind == Kind::Tool || kind == Kind::Prompt
            ? QString::fromUtf8(QJsonDocument(arguments).toJson(QJsonDocument::Indented)).trimmed()
            : QString());
    m_send->setEnabled(kind != Kind::None && m_session->state() == McpSession::State::Ready);
}

void McpPane::sendSelected()
{
    QTreeWidgetItem *item = selectedEntry();
    if (!item)
        return;
    const Kind kind = Kind(item->data(0, KindRole).toInt());
    QJsonObject arguments;
    if (kind == Kind::Tool || kind == Kind::Prompt) {
        const QString text = m_arguments->toPlainText().trimmed();
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(
            text.isEmpty() ? QByteArrayLiteral("{}") : text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            // Nothing is sent: the server would only refuse it, and the mistake is here.
            m_argumentsError->setText(
                error.error != QJsonParseError::NoError
                    ? QStringLiteral(
                          "Not sent: the arguments are not valid JSON (%1 at character %2)")
                          .arg(error.errorString())
                          .arg(error.offset)
                    : QStringLiteral("Not sent: the arguments must be a JSON object ({…})"));
            m_argumentsError->show();
            return;
        }
        arguments = document.object();
    }
    m_argumentsError->hide();
    m_followNext = true;
    switch (kind) {
    case Kind::Tool:
        m_session->callTool(item->text(0), arguments);
        break;
    case Kind::Resource:
        m_session->readResource(item->text(0));
        break;
    case Kind::Prompt:
        m_session->getPrompt(item->text(0), arguments);
        break;
    case Kind::None:
        break;
    }
    m_followNext = false; // also when nothing was sent
}

void McpPane::showSession()
{
    const McpSession::State state = m_session->state();
    QStringList parts;
    const QJsonObject info = m_session->serverInfo();
    if (!info.isEmpty()) {
        parts << QStringLiteral("<b>%1</b> %2")
                     .arg(info.value(QLatin1String("name")).toString().toHtmlEscaped(),
                          info.value(QLatin1String("version")).toString().toHtmlEscaped());
    }
    if (!m_session->protocolVersion().isEmpty())
        parts
            << QStringLiteral("protocol %1").arg(QString::fromLatin1(m_session->protocolVersion()));
    if (!m_session->sessionId().isEmpty()) {
        parts << QStringLiteral("session %1").arg(shortId(m_session->sessionId()));
    } else if (state == McpSession::State::Ready) {
        parts << QStringLiteral("no session id (stateless server)");
    }
    QColor color = Theme::neutralColor();
    if (state == McpSession::State::Ready)
        color = Theme::okColor();
    else if (state == McpSession::State::Gone)
        color = Theme::errorColor();
    else if (state == McpSession::State::Initializing)
        color = Theme::warningColor();
    parts << QStringLiteral("<span style=\"color:%1\">%2</span>")
                 .arg(color.name(), McpSession::stateName(state));
    if (state == McpSession::State::None)
        parts << QStringLiteral("Initialize opens a session with the tab's request");
    m_sessionLine->setText(parts.join(QStringLiteral(" · ")));
    m_sessionLine->setToolTip(QString::fromLatin1(m_session->sessionId()));
    const bool ready = state == McpSession::State::Ready;
    m_initialize->setText(ready || state == McpSession::State::Gone
                              ? QStringLiteral("Initialize again")
                              : QStringLiteral("Initialize"));
    m_initialize->setEnabled(state != McpSession::State::Initializing);
    m_end->setEnabled(ready && !m_session->sessionId().isEmpty());
    m_stream->setEnabled(ready && !m_session->sessionId().isEmpty());
    m_catalogue->setEnabled(ready);
    m_send->setEnabled(ready && selectedEntry());
}

void McpPane::addCall(int seq)
{
    const McpSession::Call *call = m_session->call(seq);
    if (!call)
        return;
    auto *item = new QTreeWidgetItem(m_log);
    item->setData(0, SeqRole, seq);
    m_rows.insert(seq, item);
    // Bounded as the session is: the oldest rows go.
    while (m_log->topLevelItemCount() > McpSession::kMaxCalls) {
        QTreeWidgetItem *oldest = m_log->takeTopLevelItem(0);
        m_rows.remove(oldest->data(0, SeqRole).toInt());
        delete oldest;
    }
    updateCall(seq);
    // The user's own request is selected, so that its result shows as it comes.
    if (std::exchange(m_followNext, false))
        m_log->setCurrentItem(item);
    m_log->scrollToItem(item);
}

void McpPane::updateCall(int seq)
{
    QTreeWidgetItem *item = m_rows.value(seq);
    const McpSession::Call *call = m_session->call(seq);
    if (!item || !call)
        return;
    item->setText(0, requestTitle(*call));
    item->setToolTip(0, item->text(0));
    item->setText(1, call->id >= 0 ? QString::number(call->id) : QStringLiteral("–"));
    item->setText(2, call->statusText());
    item->setToolTip(2, call->statusText());
    QColor color = palette().color(QPalette::Text);
    switch (call->status) {
    case McpSession::Call::Status::Waiting:
        color = Theme::neutralColor();
        break;
    case McpSession::Call::Status::Result:
        if (call->result.toObject().value(QLatin1String("isError")).toBool())
            color = Theme::warningColor();
        break;
    case McpSession::Call::Status::Error:
    case McpSession::Call::Status::Failed:
        color = Theme::errorColor();
        break;
    case McpSession::Call::Status::NoAnswer:
        color = Theme::warningColor();
        break;
    }
    item->setForeground(2, color);
    if (m_log->currentItem() == item)
        showResult();
}

void McpPane::showResult()
{
    QTreeWidgetItem *item = m_log->currentItem();
    const McpSession::Call *call = item ? m_session->call(item->data(0, SeqRole).toInt()) : nullptr;
    if (!call) {
        m_result->clear();
        return;
    }
    QStringList lines;
    lines << QStringLiteral("%1 · %2").arg(requestTitle(*call), call->statusText());
    if (call->status == McpSession::Call::Status::Result
        || call->status == McpSession::Call::Status::Error) {
        const QString text = call->resultText();
        if (!text.isEmpty())
            lines << QString() << text;
    }
    if (!call->notifications.isEmpty()) {
        lines << QString()
              << QStringLiteral("Notifications on this request's stream (%1):")
                     .arg(call->notifications.size() + call->droppedNotifications);
        for (const QJsonObject &n : call->notifications)
            lines << QStringLiteral("  ") + notificationText(n);
        if (call->droppedNotifications > 0)
            lines << QStringLiteral("  … %1 more not kept").arg(call->droppedNotifications);
    }
    m_result->setPlainText(lines.join(QLatin1Char('\n')));
}
