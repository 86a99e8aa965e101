// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"
#include "doctor/doctor.h"

#include <QIcon>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

// The "Doctor" side tab of a connection tab: the endpoint doctor (`ssemon-cli doctor`) run on
// the tab's request as it would be sent (variables resolved, headers, body, auth, TLS, proxy).
// The doctor opens its own connections, so the tab's stream goes on untouched. A Quick (20 s)
// or Full (2 min) budget; while it runs, a bar filled by the time spent of the budget and what
// the doctor is doing; Stop ends the run with what was found. The report: a verdict at a
// glance, the findings most severe first (an icon, a colour and a word each), the selected
// one's evidence and fix, the measured facts and what was and was not measured. Run again,
// Copy report (text), Save report… (text or JSON).
class DoctorPane : public QWidget
{
    Q_OBJECT
public:
    explicit DoctorPane(QWidget *parent = nullptr);
    ~DoctorPane() override;

    // The tab's request as it is sent; false with the reason when it cannot be (no URL, a URL
    // that is no URL, an undefined variable).
    using RequestSource = std::function<bool(SseClientOptions *, QString *)>;
    void setRequestSource(RequestSource source) { m_source = std::move(source); }

    enum class Budget { Quick, Full };
    // The two budgets offered (a test shortens them); Quick and Full by default.
    void setBudgets(qint64 quickMs, qint64 fullMs);
    qint64 budgetMs(Budget budget) const;
    Budget budget() const;
    void setBudget(Budget budget);
    // What a run takes from `options` besides its request and budget (the resume share, the
    // silence that warns, how often progress comes).
    void setTuning(const DoctorOptions &options) { m_tuning = options; }

    bool isRunning() const;
    bool hasReport() const { return m_hasReport; }
    const DoctorReport &report() const { return m_report; }

    enum class Format { Text, Json, Html };
    bool saveReport(const QString &path, Format format, QString *error) const;
    // The format a save dialog's answer asks for: the file's suffix (.txt, .json, .html, .htm),
    // else the chosen filter's.
    static Format formatFor(const QString &filter, const QString &path);

    // Shown as a user sees it: an icon, a colour and this word.
    static QString severityWord(DoctorFinding::Severity severity); // "Error", ...
    static QColor severityColor(DoctorFinding::Severity severity, const QPalette &palette);
    static QIcon severityIcon(DoctorFinding::Severity severity, const QPalette &palette);
    // "No findings — the stream looks healthy", "2 errors, 1 warning".
    static QString verdict(const DoctorReport &report);

    Doctor *doctor() const { return m_doctor; }
    QComboBox *budgetChoice() const { return m_budget; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *saveButton() const { return m_save; }
    QLabel *errorLabel() const { return m_error; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *progressLabel() const { return m_doing; }
    QLabel *verdictLabel() const { return m_verdict; }
    QTreeWidget *findingsTree() const { return m_findings; }
    // The selected finding: its title, evidence (in a fixed font) and fix, as text to copy.
    QTextBrowser *findingView() const { return m_finding; }
    QTextBrowser *factsView() const { return m_facts; }
    QTextBrowser *coverageView() const { return m_coverage; }
    QTabWidget *reportTabs() const { return m_tabs; }

public Q_SLOTS:
    // Diagnoses the tab's request with the chosen budget; a request that cannot be sent shows
    // why and nothing runs.
    void run();
    void stop(); // ends the run now, with what was found
    void copyReport();
    void chooseSave(); // the save dialog, then saveReport()

Q_SIGNALS:
    void runFinished();
    void notice(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onProgress(qint64 elapsedMs, qint64 budgetMs, const QString &doing);
    void onFinished(const DoctorReport &report);
    void showReport();
    void showFinding();
    void fitFindings(); // the list as tall as its findings
    void showVerdict();
    void updateButtons();
    void fillBudgets();

    RequestSource m_source;
    DoctorOptions m_tuning;
    qint64 m_budgetsMs[2] = {DoctorOptions::kQuickBudgetMs, DoctorOptions::kDefaultBudgetMs};
    Doctor *m_doctor = nullptr;
    DoctorReport m_report;
    bool m_hasReport = false;
    bool m_stopped = false;

    QComboBox *m_budget = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_save = nullptr;
    QLabel *m_target = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_intro = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_doing = nullptr;
    QLabel *m_plan = nullptr; // while running: what comes when
    QWidget *m_reportArea = nullptr;
    QLabel *m_verdictIcon = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_runInfo = nullptr;
    QSplitter *m_reportSplitter = nullptr; // the findings above their detail
    QTreeWidget *m_findings = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTextBrowser *m_finding = nullptr;
    QTextBrowser *m_facts = nullptr;
    QTextBrowser *m_coverage = nullptr;
};
