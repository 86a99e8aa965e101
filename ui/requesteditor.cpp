// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "requesteditor.h"

#include "lens/lensregistry.h"
#include "lenspane.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

enum AuthKind { AuthNone, AuthBearer, AuthBasic };

QSpinBox *spinBox(QWidget *parent, int max, const QString &suffix, const QString &special = {})
{
    auto *box = new QSpinBox(parent);
    box->setRange(0, max);
    box->setSuffix(suffix);
    box->setSpecialValueText(special);
    box->setAccelerated(true);
    return box;
}

} // namespace

RequestEditor::RequestEditor(QWidget *parent)
    : QWidget(parent)
{
    // The groups side by side where they fit, as tabs where they do not; either way in a
    // scroll area, so that the editor never forces its size on the window (opened on a small
    // screen it scrolls instead of growing the window or crushing the table).
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("editorScroll"));
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    auto *content = new QWidget(m_scroll);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    m_row = new QWidget(content);
    auto *layout = new QHBoxLayout(m_row);
    layout->setContentsMargins(0, 0, 0, 0);
    m_pages = new QTabWidget(content);
    m_pages->setObjectName(QStringLiteral("editorPages"));
    m_pages->setDocumentMode(true);
    m_pages->hide();
    contentLayout->addWidget(m_row);
    contentLayout->addWidget(m_pages);
    m_scroll->setWidget(content);
    outer->addWidget(m_scroll);

    // Headers and body.
    auto *request = new QGroupBox(QStringLiteral("Headers and body"), this);
    auto *requestLayout = new QVBoxLayout(request);
    m_headers = new QTableWidget(0, 2, request);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setHorizontalHeaderLabels({QStringLiteral("Header"), QStringLiteral("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMinimumHeight(80);
    auto *headerButtons = new QHBoxLayout;
    auto *addHeader = new QToolButton(request);
    addHeader->setText(QStringLiteral("Add header"));
    auto *removeHeader = new QToolButton(request);
    removeHeader->setText(QStringLiteral("Remove"));
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    m_body = new QPlainTextEdit(request);
    m_body->setObjectName(QStringLiteral("body"));
    m_body->setPlaceholderText(QStringLiteral("Request body (sent when not empty, e.g. a JSON "
                                              "prompt for a POST stream)"));
    m_body->setMaximumHeight(90);
    requestLayout->addWidget(m_headers, 1);
    requestLayout->addLayout(headerButtons);
    requestLayout->addWidget(m_body);
    layout->addWidget(request, 3);

    // Authorization and resume.
    auto *auth = new QGroupBox(QStringLiteral("Authorization and resume"), this);
    auto *authForm = new QFormLayout(auth);
    m_authKind = new QComboBox(auth);
    m_authKind->addItems({QStringLiteral("None"), QStringLiteral("Bearer token"),
                          QStringLiteral("Basic (user, password)")});
    m_authUser = new QLineEdit(auth);
    m_authUser->setPlaceholderText(QStringLiteral("user"));
    m_authSecret = new QLineEdit(auth);
    m_authSecret->setEchoMode(QLineEdit::Password);
    m_lastEventId = new QLineEdit(auth);
    m_lastEventId->setObjectName(QStringLiteral("lastEventId"));
    m_lastEventId->setPlaceholderText(QStringLiteral("none: start from now"));
    authForm->addRow(QStringLiteral("Auth"), m_authKind);
    authForm->addRow(QStringLiteral("User"), m_authUser);
    authForm->addRow(QStringLiteral("Secret"), m_authSecret);
    authForm->addRow(QStringLiteral("Last-Event-ID"), m_lastEventId);
    layout->addWidget(auth, 2);

    // Reconnect policy.
    auto *policy = new QGroupBox(QStringLiteral("Reconnect"), this);
    auto *policyForm = new QFormLayout(policy);
    m_reconnect = new QCheckBox(QStringLiteral("Reconnect when the stream ends"), policy);
    m_retryMs = spinBox(policy, 3600000, QStringLiteral(" ms"));
    m_retryMs->setSingleStep(500);
    m_retryMs->setToolTip(QStringLiteral("Reconnection time until the server sends retry:"));
    m_backoffCapMs = spinBox(policy, 3600000, QStringLiteral(" ms"));
    m_backoffCapMs->setSingleStep(1000);
    m_idleTimeoutS = spinBox(policy, 3600, QStringLiteral(" s"), QStringLiteral("off"));
    m_idleTimeoutS->setToolTip(QStringLiteral("Declare the connection dead and reconnect when "
                                              "nothing at all arrives for this long"));
    m_headTimeoutS = spinBox(policy, 3600, QStringLiteral(" s"), QStringLiteral("off"));
    m_headTimeoutS->setObjectName(QStringLiteral("headTimeout"));
    m_headTimeoutS->setToolTip(QStringLiteral("Give up on an attempt (and reconnect) when the "
                                              "response head has not arrived this long after "
                                              "the request was sent"));
    m_maxReconnects = spinBox(policy, 1000000, QString(), QStringLiteral("never"));
    m_maxReconnects->setObjectName(QStringLiteral("maxReconnects"));
    m_maxReconnects->setMinimum(-1);
    m_maxReconnects->setSpecialValueText(QStringLiteral("never"));
    m_maxReconnects->setToolTip(QStringLiteral("Give up after this many reconnects in a row "
                                               "that fail; never: keep trying"));
    m_resilient = new QCheckBox(QStringLiteral("Resilient: retry 5xx and 429"), policy);
    m_resilient->setObjectName(QStringLiteral("resilient"));
    m_retryPost = new QCheckBox(QStringLiteral("Replay non-GET requests"), policy);
    m_retryPost->setToolTip(QStringLiteral("Off by default: a POST can cost money"));
    policyForm->addRow(m_reconnect);
    policyForm->addRow(QStringLiteral("Retry"), m_retryMs);
    policyForm->addRow(QStringLiteral("Backoff cap"), m_backoffCapMs);
    policyForm->addRow(QStringLiteral("Idle timeout"), m_idleTimeoutS);
    policyForm->addRow(QStringLiteral("Head timeout"), m_headTimeoutS);
    policyForm->addRow(QStringLiteral("Give up after"), m_maxReconnects);
    policyForm->addRow(m_resilient);
    policyForm->addRow(m_retryPost);
    layout->addWidget(policy, 2);

    // Transport, TLS and proxy.
    auto *network = new QGroupBox(QStringLiteral("Transport, TLS and proxy"), this);
    auto *networkForm = new QFormLayout(network);
    m_transport = new QComboBox(network);
    m_transport->setObjectName(QStringLiteral("transport"));
    m_transport->addItem(QStringLiteral("Auto"), int(SseClientOptions::Transport::Auto));
    m_transport->addItem(QStringLiteral("QNAM (HTTP/2, cookies)"),
                         int(SseClientOptions::Transport::Qnam));
    m_transport->addItem(QStringLiteral("Wire (exact HTTP/1.1)"),
                         int(SseClientOptions::Transport::Wire));
    m_transport->setToolTip(
        QStringLiteral("Auto: Qt's network stack for a GET (HTTP/2 where the server offers it), "
                       "ssemon's own HTTP/1.1 reader for a request with a body (Qt may send a "
                       "request twice on its own).\nQNAM: Qt's stack for every request.\nWire: "
                       "ssemon's reader, which shows exactly what the server sent and names "
                       "every framing error."));
    m_http2PriorKnowledge =
        new QCheckBox(QStringLiteral("HTTP/2 without negotiation (h2c)"), network);
    m_http2PriorKnowledge->setObjectName(QStringLiteral("http2PriorKnowledge"));
    m_cookies = new QCheckBox(QStringLiteral("Keep cookies across reconnects"), network);
    m_cookies->setObjectName(QStringLiteral("cookies"));
    auto *caRow = new QHBoxLayout;
    m_caFile = new QLineEdit(network);
    m_caFile->setPlaceholderText(QStringLiteral("extra CA certificates (PEM)"));
    auto *browse = new QToolButton(network);
    browse->setText(QStringLiteral("…"));
    caRow->addWidget(m_caFile);
    caRow->addWidget(browse);
    m_ignoreSsl = new QCheckBox(QStringLiteral("Ignore TLS errors (still shown)"), network);
    m_proxyMode = new QComboBox(network);
    m_proxyMode->addItems(
        {QStringLiteral("System"), QStringLiteral("None"), QStringLiteral("Explicit")});
    m_proxyUrl = new QLineEdit(network);
    m_proxyUrl->setPlaceholderText(QStringLiteral("http://host:port or socks5://host:port"));
    m_lens = new QComboBox(network);
    m_lens->setObjectName(QStringLiteral("lens"));
    for (const QByteArray &choice : LensRegistry::choices()) {
        QString label = LensPane::lensTitle(choice);
        if (choice == "auto")
            label = QStringLiteral("Auto: recognise the protocol");
        else if (choice == "none")
            label = QStringLiteral("None");
        m_lens->addItem(label, QString::fromLatin1(choice));
    }
    m_lens->setToolTip(QStringLiteral(
        "How the events are read as an LLM protocol, beside the table: the answer assembled, "
        "time to first token, gaps between tokens, usage and problems. Auto recognises it from "
        "the URL, the headers and the first events; a lens chosen here reads any stream and "
        "names what does not fit."));
    networkForm->addRow(QStringLiteral("Transport"), m_transport);
    networkForm->addRow(QStringLiteral("Lens"), m_lens);
    networkForm->addRow(m_http2PriorKnowledge);
    networkForm->addRow(m_cookies);
    networkForm->addRow(QStringLiteral("CA file"), caRow);
    networkForm->addRow(m_ignoreSsl);
    networkForm->addRow(QStringLiteral("Proxy"), m_proxyMode);
    networkForm->addRow(QStringLiteral("Proxy URL"), m_proxyUrl);
    layout->addWidget(network, 2);
    m_groups = {{request, 3}, {auth, 2}, {policy, 2}, {network, 2}};

    connect(addHeader, &QToolButton::clicked, this, [this] {
        addHeaderRow();
        m_headers->editItem(m_headers->item(m_headers->rowCount() - 1, 0));
    });
    connect(removeHeader, &QToolButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
    });
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, QStringLiteral("CA certificates"), m_caFile->text(),
            QStringLiteral("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    connect(m_authKind, &QComboBox::currentIndexChanged, this, &RequestEditor::updateAuthFields);
    connect(m_proxyMode, &QComboBox::currentIndexChanged, this,
            [this](int mode) { m_proxyUrl->setEnabled(mode == 2); });
    connect(m_transport, &QComboBox::currentIndexChanged, this,
            &RequestEditor::updateTransportFields);

    setOptions(SseClientOptions());
}

void RequestEditor::addHeaderRow(const QString &name, const QString &value)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    m_headers->setItem(row, 1, new QTableWidgetItem(value));
}

void RequestEditor::updateAuthFields()
{
    const int kind = m_authKind->currentIndex();
    m_authUser->setEnabled(kind == AuthBasic);
    m_authSecret->setEnabled(kind != AuthNone);
    m_authSecret->setPlaceholderText(kind == AuthBasic ? QStringLiteral("password")
                                                       : QStringLiteral("token"));
}

void RequestEditor::updateTransportFields()
{
    // What only QNAM has.
    const bool wire = SseClientOptions::Transport(m_transport->currentData().toInt())
        == SseClientOptions::Transport::Wire;
    m_http2PriorKnowledge->setEnabled(!wire);
    m_cookies->setEnabled(!wire);
}

void RequestEditor::setTransport(SseClientOptions::Transport transport)
{
    m_transport->setCurrentIndex(m_transport->findData(int(transport)));
}

void RequestEditor::setOptions(const SseClientOptions &options)
{
    m_headers->setRowCount(0);
    m_authKind->setCurrentIndex(AuthNone);
    m_authUser->clear();
    m_authSecret->clear();
    for (const auto &header : options.headers) {
        // An Authorization header the helper understands goes back into the helper.
        if (header.first.compare("authorization", Qt::CaseInsensitive) == 0) {
            const QByteArray value = header.second.trimmed();
            if (value.isEmpty()) {
                // A profile saved without its credentials: ask for the token, send nothing.
                m_authKind->setCurrentIndex(AuthBearer);
                continue;
            }
            if (value.startsWith("Bearer ")) {
                m_authKind->setCurrentIndex(AuthBearer);
                m_authSecret->setText(QString::fromUtf8(value.mid(7).trimmed()));
                continue;
            }
            if (value.startsWith("Basic ")) {
                const QByteArray decoded = QByteArray::fromBase64(value.mid(6).trimmed());
                const qsizetype colon = decoded.indexOf(':');
                if (colon >= 0) {
                    m_authKind->setCurrentIndex(AuthBasic);
                    m_authUser->setText(QString::fromUtf8(decoded.left(colon)));
                    m_authSecret->setText(QString::fromUtf8(decoded.mid(colon + 1)));
                    continue;
                }
            }
        }
        addHeaderRow(QString::fromUtf8(header.first), QString::fromUtf8(header.second));
    }
    m_body->setPlainText(QString::fromUtf8(options.body));
    m_lastEventId->setText(QString::fromUtf8(options.lastEventId));
    m_reconnect->setChecked(options.reconnect);
    m_retryMs->setValue(int(options.retryMs));
    m_backoffCapMs->setValue(int(options.backoffCapMs));
    m_idleTimeoutS->setValue(int(options.idleTimeoutMs / 1000));
    m_headTimeoutS->setValue(int(options.headTimeoutMs / 1000));
    m_maxReconnects->setValue(options.maxReconnects < 0 ? -1 : options.maxReconnects);
    m_resilient->setChecked(options.resilient);
    m_retryPost->setChecked(options.retryNonGet);
    m_caFile->setText(options.caFile);
    m_ignoreSsl->setChecked(options.ignoreSslErrors);
    m_proxyMode->setCurrentIndex(int(options.proxyMode));
    m_proxyUrl->setText(options.proxyUrl.toString());
    m_proxyUrl->setEnabled(options.proxyMode == SseClientOptions::ProxyMode::Explicit);
    setTransport(options.transport);
    const int lens = m_lens->findData(QString::fromLatin1(options.lens));
    m_lens->setCurrentIndex(lens >= 0 ? lens : 0);
    m_http2PriorKnowledge->setChecked(options.http2PriorKnowledge);
    m_cookies->setChecked(options.cookies);
    updateTransportFields();
    updateAuthFields();
}

void RequestEditor::setResilient(bool resilient)
{
    m_resilient->setChecked(resilient);
}

SseClientOptions RequestEditor::options(const SseClientOptions &base) const
{
    SseClientOptions options = base;
    options.headers.clear();
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem *name = m_headers->item(row, 0);
        const QTableWidgetItem *value = m_headers->item(row, 1);
        if (!name || name->text().trimmed().isEmpty())
            continue;
        options.headers.append({name->text().trimmed().toUtf8(),
                                value ? value->text().trimmed().toUtf8() : QByteArray()});
    }
    const QByteArray secret = m_authSecret->text().toUtf8();
    switch (m_authKind->currentIndex()) {
    case AuthBearer:
        if (!secret.isEmpty())
            options.headers.append(
                {QByteArrayLiteral("Authorization"), QByteArray("Bearer " + secret)});
        break;
    case AuthBasic: {
        const QByteArray credentials = m_authUser->text().toUtf8() + ':' + secret;
        options.headers.append(
            {QByteArrayLiteral("Authorization"), QByteArray("Basic " + credentials.toBase64())});
        break;
    }
    default:
        break;
    }
    options.body = m_body->toPlainText().toUtf8();
    options.lastEventId = m_lastEventId->text().toUtf8();
    options.reconnect = m_reconnect->isChecked();
    options.retryMs = m_retryMs->value();
    options.backoffCapMs = m_backoffCapMs->value();
    options.idleTimeoutMs = qint64(m_idleTimeoutS->value()) * 1000;
    options.headTimeoutMs = qint64(m_headTimeoutS->value()) * 1000;
    options.maxReconnects = m_maxReconnects->value();
    options.resilient = m_resilient->isChecked();
    options.retryNonGet = m_retryPost->isChecked();
    options.caFile = m_caFile->text().trimmed();
    options.ignoreSslErrors = m_ignoreSsl->isChecked();
    options.proxyMode = SseClientOptions::ProxyMode(m_proxyMode->currentIndex());
    options.proxyUrl = QUrl(m_proxyUrl->text().trimmed());
    options.transport = SseClientOptions::Transport(m_transport->currentData().toInt());
    options.lens = m_lens->currentData().toString().toLatin1();
    const bool wire = options.transport == SseClientOptions::Transport::Wire;
    options.http2PriorKnowledge = !wire && m_http2PriorKnowledge->isChecked();
    options.cookies = !wire && m_cookies->isChecked();
    return options;
}

QSize RequestEditor::sizeHint() const
{
    return m_scroll->widget()->sizeHint()
        + QSize(style()->pixelMetric(QStyle::PM_ScrollBarExtent), 0);
}

void RequestEditor::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Side by side needs the groups' minimum widths (measured while they are side by side,
    // with their titles); below that, tabs.
    if (!m_tabbed)
        m_rowWidth = m_row->minimumSizeHint().width();
    const int room = width() - style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    setTabbed(room < m_rowWidth);
}

void RequestEditor::setTabbed(bool tabbed)
{
    if (tabbed == m_tabbed)
        return;
    m_tabbed = tabbed;
    auto *row = static_cast<QHBoxLayout *>(m_row->layout());
    for (const auto &[group, stretch] : std::as_const(m_groups)) {
        if (tabbed) {
            // The tab says what the group is: its own title would say it twice.
            const QString title = group->title();
            group->setTitle(QString());
            m_pages->addTab(group, title);
        } else {
            const QString title = m_pages->tabText(m_pages->indexOf(group));
            m_pages->removeTab(m_pages->indexOf(group));
            group->setTitle(title);
            row->addWidget(group, stretch);
            group->show(); // a tab page that was not current is hidden
        }
    }
    m_row->setVisible(!tabbed);
    m_pages->setVisible(tabbed);
}
