// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "detailpane.h"

#include "jsonhighlighter.h"
#include "log/eventtablemodel.h"

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("detailHeader"));
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("detailText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_highlighter = new JsonHighlighter(m_text->document());
    m_highlighter->setDark(palette().color(QPalette::Base).lightnessF() < 0.5);
    layout->addWidget(m_header);
    layout->addWidget(m_text, 1);
    clear();
}

QString DetailPane::text() const
{
    return m_text->toPlainText();
}

void DetailPane::clear()
{
    m_header->setText(QStringLiteral("Select an event to see it in full."));
    m_text->clear();
    m_json = false;
    m_highlighter->setEnabled(false);
}

void DetailPane::showIndex(const QModelIndex &index)
{
    if (!index.isValid()) {
        clear();
        return;
    }
    const QByteArray raw = index.data(EventTableModel::RawDataRole).toByteArray();
    const int kind = index.data(EventTableModel::KindRole).toInt();
    const QString time =
        QDateTime::fromMSecsSinceEpoch(index.data(EventTableModel::WallTimeRole).toLongLong())
            .toString(QStringLiteral("HH:mm:ss.zzz"));
    QString header;
    if (kind == EventTableModel::EventRow || kind == EventTableModel::HeartbeatRow) {
        if (index.data(EventTableModel::SeqRole).toLongLong() > 0) {
            header = QStringLiteral("<b>%1</b> &nbsp; id <b>%2</b> &nbsp; event #%3")
                         .arg(index.data(EventTableModel::TypeRole).toString().toHtmlEscaped(),
                              index.data(EventTableModel::IdRole).toString().toHtmlEscaped())
                         .arg(index.data(EventTableModel::SeqRole).toLongLong());
        }
    }
    if (header.isEmpty())
        header = kind == EventTableModel::HeartbeatRow ? QStringLiteral("<b>heartbeat comment</b>")
                                                       : QStringLiteral("<b>comment</b>");
    header += QStringLiteral(" &nbsp; connection %1 &nbsp; at %2 &nbsp; %3 bytes")
                  .arg(index.data(EventTableModel::ConnRole).toInt())
                  .arg(time)
                  .arg(raw.size());

    QJsonParseError error;
    const QJsonDocument json = raw.trimmed().startsWith('{') || raw.trimmed().startsWith('[')
        ? QJsonDocument::fromJson(raw, &error)
        : QJsonDocument();
    m_json = !json.isNull();
    if (m_json)
        header += QStringLiteral(" &nbsp; JSON");
    m_header->setText(header);
    m_highlighter->setEnabled(false); // no highlighting work for the text being replaced
    m_text->setPlainText(m_json ? QString::fromUtf8(json.toJson(QJsonDocument::Indented))
                                : QString::fromUtf8(raw));
    m_highlighter->setEnabled(m_json);
}

void DetailPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setDark(palette().color(QPalette::Base).lightnessF() < 0.5);
    QWidget::changeEvent(event);
}
