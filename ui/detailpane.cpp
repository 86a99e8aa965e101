// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "detailpane.h"

#include "io/orderedjson.h"
#include "jsonhighlighter.h"
#include "jsontree.h"
#include "log/eventtablemodel.h"

#include <QDateTime>
#include <QEvent>
#include <QFont>
#include <QFontDatabase>
#include <QGlyphRun>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextLayout>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

DetailPane::DetailPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("detailHeader"));
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("detailPages"));
    m_pages->setDocumentMode(true);
    m_text = new QPlainTextEdit(m_pages);
    m_text->setObjectName(QStringLiteral("detailText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_highlighter = new JsonHighlighter(m_text->document());
    m_highlighter->setDark(palette().color(QPalette::Base).lightnessF() < 0.5);
    auto *rawPage = new QWidget(m_pages);
    auto *rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    m_rawNote = new QLabel(rawPage);
    m_rawNote->setObjectName(QStringLiteral("rawNote"));
    m_rawNote->setWordWrap(true);
    m_raw = new QPlainTextEdit(rawPage);
    m_raw->setObjectName(QStringLiteral("rawText"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    rawLayout->addWidget(m_rawNote);
    rawLayout->addWidget(m_raw, 1);
    // CR and LF as the control pictures where the installed fonts draw them; where they would
    // be empty boxes, as \r and \n.
    m_markers = fontsDraw(m_raw->font(), QStringLiteral("\u2400\u2409\u240A\u240D\u2421"))
        ? Markers::Symbols
        : Markers::Ascii;
    m_hex = new QPlainTextEdit(m_pages);
    m_hex->setObjectName(QStringLiteral("hexText"));
    m_hex->setReadOnly(true);
    m_hex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hex->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_pages->addTab(m_text, QStringLiteral("Data"));
    m_pages->addTab(rawPage, QStringLiteral("Raw bytes"));
    m_pages->addTab(m_hex, QStringLiteral("Hex"));
    m_tree = new JsonTree(m_pages);
    m_pages->addTab(m_tree, QStringLiteral("Tree"));
    // A few lines are enough at the least: on a small screen the table and plots need the room.
    for (QWidget *page : {static_cast<QWidget *>(m_text), static_cast<QWidget *>(m_raw),
                          static_cast<QWidget *>(m_hex), static_cast<QWidget *>(m_tree)})
        page->setMinimumHeight(40);
    m_pages->setTabToolTip(3,
                           QStringLiteral("JSON data as a tree: collapse, copy a value or "
                                          "its JSON Pointer"));
    connect(m_tree, &JsonTree::columnRequested, this, &DetailPane::columnRequested);
    connect(m_tree, &JsonTree::copied, this, [this](const QString &what) {
        Q_EMIT notice(what == QStringLiteral("path")
                          ? QStringLiteral("Copied the JSON Pointer %1").arg(m_tree->pointerText())
                          : QStringLiteral("Copied the value"));
    });
    layout->addWidget(m_header);
    layout->addWidget(m_pages, 1);
    clear();
}

QString DetailPane::text() const
{
    return m_text->toPlainText();
}

QString DetailPane::rawText() const
{
    return m_raw->toPlainText();
}

QString DetailPane::hexText() const
{
    return m_hex->toPlainText();
}

QString DetailPane::rawNote() const
{
    return m_rawNote->text();
}

namespace {

// One run of the raw page: the data's own characters, or a marker standing for a byte.
struct Piece
{
    QString text;
    bool marker = false;
};

QList<Piece> visiblePieces(QByteArrayView bytes, DetailPane::Markers markers)
{
    const QString decoded = QString::fromUtf8(bytes); // invalid UTF-8 shows as U+FFFD
    QList<Piece> pieces;
    QString plain;
    const auto mark = [&](const QString &text, bool lineBreak) {
        if (!plain.isEmpty())
            pieces.append({std::exchange(plain, QString()), false});
        pieces.append({text, true});
        if (lineBreak)
            plain += QLatin1Char('\n');
    };
    const bool symbols = markers == DetailPane::Markers::Symbols;
    for (const QChar c : decoded) {
        const char16_t u = c.unicode();
        if (u == '\n') {
            mark(symbols ? QString(QChar(0x240A)) : QStringLiteral("\\n"), true); // then a break
        } else if (u < 0x20) {
            // ␍ for CR, ␀ for NUL, ␉ for TAB...; or \r, \0, \t and \xNN in plain ASCII.
            QString escape;
            switch (u) {
            case '\r':
                escape = QStringLiteral("\\r");
                break;
            case '\t':
                escape = QStringLiteral("\\t");
                break;
            case 0:
                escape = QStringLiteral("\\0");
                break;
            default:
                escape = QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
            }
            mark(symbols ? QString(QChar(0x2400 + u)) : escape, false);
        } else if (u == 0x7F) {
            mark(symbols ? QString(QChar(0x2421)) : QStringLiteral("\\x7f"), false); // ␡
        } else {
            plain += c;
        }
    }
    if (!plain.isEmpty())
        pieces.append({plain, false});
    return pieces;
}

} // namespace

QString DetailPane::visibleBytes(QByteArrayView bytes, Markers markers)
{
    QString out;
    for (const Piece &piece : visiblePieces(bytes, markers))
        out += piece.text;
    return out;
}

bool DetailPane::fontsDraw(const QFont &font, const QString &text)
{
    // Laid out as Qt paints it, with the font's fallbacks: a glyph index of 0 is a missing
    // glyph, drawn as an empty box.
    QTextLayout layout(text, font);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    for (const QGlyphRun &run : layout.glyphRuns()) {
        for (const quint32 glyph : run.glyphIndexes()) {
            if (glyph == 0)
                return false;
        }
    }
    return true;
}

QString DetailPane::hexDump(QByteArrayView bytes)
{
    // The classic layout: offset, 16 bytes in two groups of 8, then those bytes as ASCII.
    QString out;
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        const QByteArrayView line =
            bytes.sliced(offset, std::min<qsizetype>(16, bytes.size() - offset));
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        for (int i = 0; i < 16; ++i) {
            out += i < line.size()
                ? QStringLiteral("%1 ").arg(quint8(line[i]), 2, 16, QLatin1Char('0'))
                : QStringLiteral("   ");
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QStringLiteral(" |");
        for (const char c : line)
            out += (c >= 0x20 && c < 0x7F) ? QLatin1Char(c) : QLatin1Char('.');
        out += QStringLiteral("|\n");
    }
    return out;
}

void DetailPane::showRaw(const QByteArray &raw, qint64 frameSize, bool comment)
{
    m_raw->clear();
    m_hex->clear();
    if (frameSize <= 0) {
        m_rawNote->setText(QStringLiteral("Raw bytes not recorded (an opened session keeps "
                                          "the decoded records only)."));
        return;
    }
    const QString what = comment ? QStringLiteral("comment line") : QStringLiteral("frame");
    QString note = QStringLiteral("%1 of %2 bytes as received").arg(what).arg(frameSize);
    if (raw.size() < frameSize)
        note += QStringLiteral(", the first %1 shown").arg(raw.size());
    m_rawNote->setText(note.at(0).toUpper() + note.mid(1));
    m_hex->setPlainText(hexDump(raw));

    // Markers in a colour of their own, so that they are not read as the data's characters.
    const bool dark = palette().color(QPalette::Base).lightnessF() < 0.5;
    QTextCharFormat marker;
    marker.setForeground(dark ? QColor(0xf0, 0x9a, 0x5a) : QColor(0xc2, 0x41, 0x0c));
    QTextCharFormat plain;
    QTextCursor cursor(m_raw->document());
    cursor.beginEditBlock();
    for (const Piece &piece : visiblePieces(raw, m_markers))
        cursor.insertText(piece.text, piece.marker ? marker : plain);
    cursor.endEditBlock();
}

void DetailPane::clear()
{
    m_header->setText(QStringLiteral("Select an event to see it in full."));
    m_text->clear();
    m_raw->clear();
    m_hex->clear();
    m_tree->clearJson();
    m_pages->setTabEnabled(m_pages->indexOf(m_tree), false);
    m_rawNote->setText(QStringLiteral("The selected event's bytes as received."));
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
    // Numbered as the table's # column numbers it: one numbering for a row wherever it shows.
    QString header = QStringLiteral("<b>#%1</b> &nbsp; ")
                         .arg(index.siblingAtColumn(EventTableModel::NumberColumn)
                                  .data(Qt::DisplayRole)
                                  .toLongLong());
    if (kind == EventTableModel::EventRow) {
        header += QStringLiteral("<b>%1</b> &nbsp; id <b>%2</b>")
                      .arg(index.data(EventTableModel::TypeRole).toString().toHtmlEscaped(),
                           index.data(EventTableModel::IdRole).toString().toHtmlEscaped());
    } else if (kind == EventTableModel::HeartbeatRow
               && index.data(EventTableModel::SeqRole).toLongLong() > 0) {
        header += QStringLiteral("<b>heartbeat %1</b> &nbsp; id <b>%2</b>")
                      .arg(index.data(EventTableModel::TypeRole).toString().toHtmlEscaped(),
                           index.data(EventTableModel::IdRole).toString().toHtmlEscaped());
    } else if (kind == EventTableModel::ConnectionRow) {
        header += QStringLiteral("<b>connection %1</b>")
                      .arg(index.data(EventTableModel::TypeRole).toString().toHtmlEscaped());
    } else {
        header += kind == EventTableModel::HeartbeatRow ? QStringLiteral("<b>heartbeat comment</b>")
                                                        : QStringLiteral("<b>comment</b>");
    }
    header += QStringLiteral(" &nbsp; connection %1 &nbsp; at %2 &nbsp; %3 bytes")
                  .arg(index.data(EventTableModel::ConnRole).toInt())
                  .arg(time)
                  .arg(raw.size());

    // JSON as sent: members in their order, numbers with their digits (QJsonDocument would
    // sort the keys and reformat the numbers).
    OrderedJson json;
    const QByteArray trimmed = raw.trimmed();
    m_json =
        (trimmed.startsWith('{') || trimmed.startsWith('[')) && OrderedJson::parse(trimmed, &json);
    if (m_json)
        header += QStringLiteral(" &nbsp; JSON");
    m_header->setText(header);
    m_highlighter->setEnabled(false); // no highlighting work for the text being replaced
    m_text->setPlainText(m_json ? json.pretty() : QString::fromUtf8(raw));
    m_highlighter->setEnabled(m_json);
    if (m_json)
        m_tree->setJson(std::move(json)); // built when its page is shown
    else
        m_tree->clearJson();
    m_pages->setTabEnabled(m_pages->indexOf(m_tree), m_json);
    if (!m_json && m_pages->currentWidget() == m_tree)
        m_pages->setCurrentWidget(m_text);
    showRaw(index.data(EventTableModel::RawFrameRole).toByteArray(),
            index.data(EventTableModel::FrameSizeRole).toLongLong(),
            kind == EventTableModel::CommentRow
                || (kind == EventTableModel::HeartbeatRow
                    && index.data(EventTableModel::SeqRole).toLongLong() == 0));
}

void DetailPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setDark(palette().color(QPalette::Base).lightnessF() < 0.5);
    QWidget::changeEvent(event);
}
