// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "check/checkfile.h"
#include "check/checkresult.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QIcon>
#include <QPair>
#include <QPointer>
#include <QWidget>

#include <functional>

class CheckRunner;
class MockServer;
class SseClient;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

// The "Checks" side tab of a connection tab: a check file (the one `ssemon-cli check` runs)
// opened against the tab's own stream. The file's stream the tab stands for (the only one, or
// the one picked) is checked on the tab's client through CheckRunner::attach(): the tab is
// connected when the first step on it begins unless it is streaming already, in which case the
// live stream is checked as it stands; the file's other streams run as the file says. Each
// expectation is ticked as it is decided (an icon, a colour and a word: pending, running,
// passed, failed, error, skipped, not run), the selected one's message and evidence below;
// a summary line, Run / Stop (Run again re-reads the file), Export JUnit. A file that cannot be
// read shows its error (file:line:column) and runs nothing.
class CheckPane : public QWidget
{
    Q_OBJECT
public:
    explicit CheckPane(QWidget *parent = nullptr);
    ~CheckPane() override;

    // The tab's stream: its client, and how the tab connects it (false with the reason when
    // it cannot: an undefined variable, a URL that is no URL).
    using Connect = std::function<bool(QString *error)>;
    void setStream(SseClient *client, Connect connect);
    // The mock server the tab's stream comes from, when it is the app's own (the check's fault
    // and scenario triggers act on it); null otherwise.
    using HostSource = std::function<MockServer *()>;
    void setHostSource(HostSource source) { m_hostSource = std::move(source); }

    // Reads the file (nothing runs yet); false when it cannot be read, its error shown.
    bool openFile(const QString &path);
    QString filePath() const { return m_path; }
    bool isRunning() const;
    QList<CheckResult> results() const { return m_results; }
    bool exportJunit(const QString &path, QString *error) const;

    // Shown as a user sees it: an icon, a colour and this word.
    enum class State { Pending, Running, Passed, Failed, Error, Skipped, NotRun };
    static QString stateName(State state);
    static QIcon stateIcon(State state, const QPalette &palette);

    QLabel *fileLabel() const { return m_fileLabel; }
    QLabel *errorLabel() const { return m_error; }
    QComboBox *streamChoice() const { return m_streamChoice; }
    QPushButton *openButton() const { return m_open; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *exportButton() const { return m_export; }
    QTreeWidget *tree() const { return m_tree; }
    QPlainTextEdit *detail() const { return m_detail; }
    QLabel *summaryLabel() const { return m_summary; }
    // An expectation's row (index -1: a step's trigger, shown when it has no expectations).
    QTreeWidgetItem *itemFor(int step, int index) const { return m_items.value({step, index}); }

public Q_SLOTS:
    void chooseFile(); // the file dialog, from the last folder used
    void run(); // re-reads the file, then runs it
    void stop();
    void chooseExport(); // the save dialog, then exportJunit()

Q_SIGNALS:
    void runFinished();
    void notice(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    bool readFile(const QString &path); // into m_file, the error shown
    void showFile();
    void setItemState(QTreeWidgetItem *item, State state, const QString &text = QString());
    void onStepStarted(int step);
    void onResult(const CheckResult &result);
    void onFinished();
    void showDetail();
    void updateSummary();
    void updateButtons();
    int tabStream() const; // the file's stream the tab stands for

    SseClient *m_client = nullptr;
    Connect m_connect;
    HostSource m_hostSource;
    QString m_path;
    CheckFile m_file;
    bool m_fileRead = false;
    QPointer<CheckRunner> m_runner;
    QList<CheckResult> m_results;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = 0;
    QDateTime m_startedUtc; // of the last run, for the JUnit report
    int m_runningStep = -1;
    bool m_stopped = false;
    QHash<QPair<int, int>, QTreeWidgetItem *> m_items;

    QPushButton *m_open = nullptr;
    QLabel *m_fileLabel = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_streamTitle = nullptr;
    QComboBox *m_streamChoice = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_tree = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QTimer *m_tick = nullptr; // the summary's running time
};
