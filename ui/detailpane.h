// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QModelIndex>
#include <QWidget>

class JsonHighlighter;
class JsonTree;
class QLabel;
class QPlainTextEdit;
class QTabWidget;

// The selected event in full: a header line (type, id, seq, connection, time, size), the data,
// pretty-printed and coloured when it is JSON, raw text otherwise, and on a second page the
// bytes of its frame as received (field lines, comments between them, the blank line), with
// line ends made visible (CR as ␍, LF as ␊, other control bytes as their ␀-style symbols, all
// coloured) and the byte count.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailPane(QWidget *parent = nullptr);

    QString text() const; // the data as shown
    bool showsJson() const { return m_json; }
    QString rawText() const; // the raw page as shown, markers included
    QString rawNote() const; // the raw page's byte count or why there are no bytes
    QTabWidget *pages() const { return m_pages; }

    // How the raw page shows control bytes: as Unicode control pictures (␍ ␊ ␀), or, where no
    // installed font draws those, as ASCII escapes (\r \n \0 \xNN).
    enum class Markers { Symbols, Ascii };
    Markers markers() const { return m_markers; }
    QString hexText() const; // the hex page as shown

    // The raw page's text for `bytes`: control bytes become visible markers, and an LF also
    // breaks the line after its marker.
    static QString visibleBytes(QByteArrayView bytes, Markers markers = Markers::Symbols);
    // Whether `font`, with the fallbacks Qt paints with, has a glyph for every character.
    static bool fontsDraw(const QFont &font, const QString &text);
    // Offset, 16 bytes in hex, and those bytes as ASCII, a line per 16 bytes.
    static QString hexDump(QByteArrayView bytes);

    JsonTree *tree() const { return m_tree; }

Q_SIGNALS:
    void notice(const QString &text); // feedback for a copy, for a status bar
    void columnRequested(const QString &pointer); // a JSON value to show as a table column

public Q_SLOTS:
    void showIndex(const QModelIndex &index); // any column of an EventTableModel row
    void clear();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showRaw(const QByteArray &raw, qint64 frameSize, bool comment);

    QLabel *m_header = nullptr;
    QTabWidget *m_pages = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_rawNote = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QPlainTextEdit *m_hex = nullptr;
    JsonTree *m_tree = nullptr;
    Markers m_markers = Markers::Symbols;
    JsonHighlighter *m_highlighter = nullptr;
    bool m_json = false;
};
