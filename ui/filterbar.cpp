// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "filterbar.h"

#include "theme.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTimer>

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("filterText"));
    m_text->setPlaceholderText(QStringLiteral("Find in data (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);
    m_regex = new QCheckBox(QStringLiteral("Regex"), this);
    m_regex->setObjectName(QStringLiteral("filterRegex"));
    m_type = new QLineEdit(this);
    m_type->setObjectName(QStringLiteral("filterType"));
    m_type->setPlaceholderText(QStringLiteral("type"));
    m_type->setClearButtonEnabled(true);
    m_type->setMaximumWidth(130);
    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("filterId"));
    m_id->setPlaceholderText(QStringLiteral("id"));
    m_id->setClearButtonEnabled(true);
    m_id->setMaximumWidth(110);
    m_comments = new QCheckBox(QStringLiteral("Comments"), this);
    m_comments->setObjectName(QStringLiteral("showComments"));
    m_comments->setChecked(true);
    m_heartbeats = new QCheckBox(QStringLiteral("Heartbeats"), this);
    m_heartbeats->setObjectName(QStringLiteral("showHeartbeats"));
    m_heartbeats->setChecked(true);
    m_connection = new QCheckBox(QStringLiteral("Connection"), this);
    m_connection->setObjectName(QStringLiteral("showConnection"));
    m_connection->setToolTip(QStringLiteral("Rows for the connection's changes (open, closed and "
                                            "why, reconnecting, failed) among the events"));
    m_connection->setChecked(true);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("matchCount"));
    m_count->setMinimumWidth(
        m_count->fontMetrics().horizontalAdvance(QStringLiteral("1,000,000 of 1,000,000 shown")));
    layout->addWidget(m_text, 3);
    layout->addWidget(m_regex);
    layout->addWidget(m_type, 1);
    layout->addWidget(m_id, 1);
    layout->addWidget(m_comments);
    layout->addWidget(m_heartbeats);
    layout->addWidget(m_connection);
    layout->addWidget(m_count);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &FilterBar::emitFilter);
    for (QLineEdit *edit : {m_text, m_type, m_id})
        connect(edit, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    // Switches take effect at once: nothing to wait for.
    for (QCheckBox *box : {m_regex, m_comments, m_heartbeats, m_connection})
        connect(box, &QCheckBox::toggled, this, &FilterBar::emitFilter);
    connect(m_text, &QLineEdit::returnPressed, this, &FilterBar::emitFilter);
}

EventFilter FilterBar::filter() const
{
    EventFilter filter;
    filter.setType(m_type->text().trimmed());
    filter.setId(m_id->text().trimmed());
    filter.setText(m_text->text(), m_regex->isChecked());
    filter.setShowComments(m_comments->isChecked());
    filter.setShowHeartbeats(m_heartbeats->isChecked());
    filter.setShowConnection(m_connection->isChecked());
    return filter;
}

void FilterBar::emitFilter()
{
    m_debounce->stop();
    const EventFilter current = filter();
    if (current.isValid()) {
        m_text->setStyleSheet(QString());
        m_text->setToolTip(QString());
    } else {
        m_text->setStyleSheet(
            QStringLiteral("QLineEdit { border: 2px solid %1; border-radius: 3px; }")
                .arg(Theme::errorColor().name()));
        m_text->setToolTip(QStringLiteral("Invalid regular expression: ") + current.errorString());
    }
    Q_EMIT filterChanged(current);
}

void FilterBar::setCounts(qint64 matched, qint64 total, bool filtered)
{
    const QLocale locale;
    if (!filter().isValid()) {
        m_count->setText(Theme::errorHtml(QStringLiteral("invalid regex")));
    } else if (filtered) {
        m_count->setText(
            QStringLiteral("%1 of %2 match").arg(locale.toString(matched), locale.toString(total)));
    } else {
        m_count->setText(QStringLiteral("%1 shown").arg(locale.toString(matched)));
    }
}

void FilterBar::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}
