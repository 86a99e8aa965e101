// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens/lensfacts.h"

#include <QWidget>

#include <memory>

class GapHistogram;
class QLabel;
class QTextCharFormat;
class QTextEdit;

// What the stream's lens understands, beside the event table: the protocol and model, how the
// stream stands (streaming, finished and why, truncated), the timings (first byte, first event,
// first content token, tokens/s, the gaps between tokens as figures and as a small chart), the
// usage, the problems in words, and the answer assembled as it grows (each choice or content
// block; reasoning apart from the answer; tool calls with their arguments and whether they are
// JSON). It shows the facts of the reports the client's records carry (LensReport): the
// latest wins. Appending to the text is incremental, so a long answer growing ten times a
// second costs only its new characters. On a short pane the figures fold into one line.
class LensPane : public QWidget
{
    Q_OBJECT
public:
    explicit LensPane(QWidget *parent = nullptr);

    void setReport(const std::shared_ptr<const LensReport> &report);
    void clear();
    const std::shared_ptr<const LensReport> &report() const { return m_report; }
    bool hasFacts() const { return m_report != nullptr; }

    // "OpenAI Chat Completions" for "openai", ...; the name itself for a lens without one.
    static QString lensTitle(const QByteArray &name);
    // How the stream stands, in a few words: "streaming", "finished: stop", "truncated", ...
    static QString standing(const LensFacts &facts);

    QLabel *headerLabel() const { return m_header; }
    QLabel *factsLabel() const { return m_facts; }
    QLabel *problemsLabel() const { return m_problems; }
    GapHistogram *histogram() const { return m_histogram; }
    QTextEdit *textView() const { return m_text; }
    // How often the text was laid out afresh (not appended to): for the tests.
    int textRebuilds() const { return m_rebuilds; }

    // On a short pane the timings shrink to one line (the table in the tooltip) and the gap
    // chart hides, so that the answer keeps its room.
    bool isCompact() const { return m_compact; }
    // Small: a short pane folds its figures rather than push the table away.
    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // What the text view shows of a block: enough to tell whether the next facts only add to
    // the last block.
    struct ShownBlock
    {
        LensBlock::Kind kind;
        int choice;
        int index;
        int part;
        LensBlock::Json json;
        bool complete;
        bool capped;
        qsizetype bytes;
    };
    void showFacts();
    void showText(const LensFacts &facts);
    void rebuildText(const LensFacts &facts);
    void appendBlock(const LensBlock &block, bool first);
    void appendRpcs(const LensMcp &mcp); // MCP: each request, its answer and latency
    static ShownBlock shown(const LensBlock &block);
    QTextCharFormat bodyFormat(LensBlock::Kind kind) const;

    std::shared_ptr<const LensReport> m_report;
    QLabel *m_header = nullptr;
    QLabel *m_facts = nullptr;
    GapHistogram *m_histogram = nullptr;
    QLabel *m_problems = nullptr;
    QTextEdit *m_text = nullptr;
    QList<ShownBlock> m_shown;
    QList<LensRpc> m_shownRpcs; // MCP's exchange as the text shows it
    int m_rebuilds = 0;
    bool m_compact = false;
};
