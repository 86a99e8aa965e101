// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "filterbar.h"

#include "theme.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QTimer>
#include <QToolButton>

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
    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("filterField"));
    m_field->setClearButtonEnabled(true);
    m_field->setMaximumWidth(180);
    m_field->hide();
    m_rows = new QToolButton(this);
    m_rows->setObjectName(QStringLiteral("rowSwitches"));
    m_rows->setText(QStringLiteral("Rows"));
    m_rows->setToolTip(QStringLiteral("Which rows the table shows besides events"));
    m_rows->setPopupMode(QToolButton::InstantPopup);
    auto *rowsMenu = new QMenu(m_rows);
    for (QCheckBox *box : {m_comments, m_heartbeats, m_connection}) {
        QAction *action = rowsMenu->addAction(box->text());
        action->setObjectName(box->objectName() + QStringLiteral("Action"));
        action->setCheckable(true);
        action->setChecked(box->isChecked());
        action->setToolTip(box->toolTip());
        connect(action, &QAction::toggled, box, &QCheckBox::setChecked);
        connect(box, &QCheckBox::toggled, action, &QAction::setChecked);
        connect(box, &QCheckBox::toggled, this, &FilterBar::foldSwitches);
    }
    m_rows->setMenu(rowsMenu);
    m_rows->hide();
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("matchCount"));
    layout->addWidget(m_text, 3);
    layout->addWidget(m_regex);
    layout->addWidget(m_type, 1);
    layout->addWidget(m_id, 1);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_comments);
    layout->addWidget(m_heartbeats);
    layout->addWidget(m_connection);
    layout->addWidget(m_rows);
    layout->addWidget(m_count);
    setCounts(0, 0, false);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &FilterBar::emitFilter);
    for (QLineEdit *edit : {m_text, m_type, m_id, m_field})
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
    if (m_hasField)
        filter.setField(m_pointer, m_field->text());
    return filter;
}

void FilterBar::setFieldPointer(bool shown, const JsonPointer &pointer)
{
    if (shown == m_hasField && pointer == m_pointer)
        return;
    m_hasField = shown;
    m_pointer = pointer;
    m_field->setVisible(shown);
    m_field->setPlaceholderText(pointer.toString() + QStringLiteral(" is…"));
    m_fieldHelp =
        (QStringLiteral("<p>Rows whose data has at <b>%1</b>:</p>"
                        "<p><code>42</code> or <code>text</code>: a value containing it<br>"
                        "<code>=42</code>, <code>!=42</code>: equal or not (as numbers when both "
                        "are)<br><code>&gt;10</code>, <code>&gt;=10</code>, <code>&lt;10</code>, "
                        "<code>&lt;=10</code>: a number compared<br><code>*</code>: any value; "
                        "<code>!*</code>: none</p>")
             .arg(pointer.toString().toHtmlEscaped()));
    m_field->setToolTip(m_fieldHelp);
    foldSwitches();
    // A condition on another field (or none) means something else now.
    if (!m_field->text().isEmpty())
        emitFilter();
}

bool FilterBar::switchesFolded() const
{
    return !m_rows->isHidden();
}

void FilterBar::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    foldSwitches();
}

void FilterBar::foldSwitches()
{
    // Room for the fields at a width one can type in, then the switches as they are; short
    // of that, the switches go into the Rows menu.
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    int needed = 16 * em + m_regex->sizeHint().width() + 16 * em + m_count->minimumWidth();
    if (m_hasField)
        needed += 8 * em;
    for (QCheckBox *box : {m_comments, m_heartbeats, m_connection})
        needed += box->sizeHint().width();
    needed += layout()->spacing() * 9;
    const bool fold = width() < needed;
    m_rows->setVisible(fold);
    for (QCheckBox *box : {m_comments, m_heartbeats, m_connection})
        box->setVisible(!fold);
    // A hidden switch that is off still filters: the menu button says so.
    const bool allOn =
        m_comments->isChecked() && m_heartbeats->isChecked() && m_connection->isChecked();
    m_rows->setText(allOn ? QStringLiteral("Rows") : QStringLiteral("Rows*"));
}

void FilterBar::markInvalid(QLineEdit *edit, const QString &error, const QString &help)
{
    if (error.isEmpty()) {
        edit->setStyleSheet(QString());
        edit->setToolTip(help);
        return;
    }
    edit->setStyleSheet(QStringLiteral("QLineEdit { border: 2px solid %1; border-radius: 3px; }")
                            .arg(Theme::errorColor().name()));
    edit->setToolTip(help.isEmpty()
                         ? error
                         : QStringLiteral("<p><b>%1</b></p>").arg(error.toHtmlEscaped()) + help);
}

void FilterBar::emitFilter()
{
    m_debounce->stop();
    const EventFilter current = filter();
    markInvalid(m_text,
                current.isRegexValid()
                    ? QString()
                    : QStringLiteral("Invalid regular expression: ") + current.errorString(),
                QString());
    markInvalid(m_field, current.fieldError(), m_fieldHelp);
    Q_EMIT filterChanged(current);
}

void FilterBar::setCounts(qint64 matched, qint64 total, bool filtered)
{
    const QLocale locale;
    const EventFilter current = filter();
    if (!current.isRegexValid()) {
        m_count->setText(Theme::errorHtml(QStringLiteral("invalid regex")));
    } else if (!current.fieldError().isEmpty()) {
        m_count->setText(Theme::errorHtml(QStringLiteral("invalid condition")));
    } else if (filtered) {
        m_count->setText(
            QStringLiteral("%1 of %2 match").arg(locale.toString(matched), locale.toString(total)));
    } else {
        m_count->setText(QStringLiteral("%1 shown").arg(locale.toString(matched)));
    }
    // Room for the count as it grows (never shrinking, so the fields do not jump each time).
    const int needed = m_count->fontMetrics().horizontalAdvance(
        filtered ? QStringLiteral("%1 of %1 match").arg(locale.toString(total))
                 : QStringLiteral("%1 shown").arg(locale.toString(total)));
    if (needed > m_count->minimumWidth() && current.isValid())
        m_count->setMinimumWidth(needed);
}

void FilterBar::focusText()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}
