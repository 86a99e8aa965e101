// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"
#include "client/sseclientoptions.h"
#include "eventtableview.h"
#include "io/requesttemplate.h"
#include "io/templatevariables.h"
#include "timelineview.h"

#include <QUrl>
#include <QWidget>

#include <deque>

class CheckPane;
class CountersLabel;
class DetailPane;
class DoctorPane;
struct SessionData;
class EventLog;
class EventTableModel;
class FilterBar;
class LensPane;
class McpPane;
class MetricsPlot;
class TimelineModel;
class RecoveryBar;
class RequestEditor;
class SseClient;
class StateBadge;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;
class QTimer;
class QToolButton;

// One stream: its request (method, URL and the collapsible editor), its state and counters,
// and what it received, in a filterable table with the selected event in full beside it. Each
// tab owns its client and log, so tabs are independent, also against the same host.
class ConnectionTab : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionTab(QWidget *parent = nullptr);
    ~ConnectionTab() override;

    SseClient *client() const { return m_client; }
    EventLog *log() const { return m_log; }
    EventTableModel *model() const { return m_model; }
    EventTableView *table() const { return m_table; }
    DetailPane *detailPane() const { return m_detail; }
    LensPane *lensPane() const { return m_lens; }
    McpPane *mcpPane() const { return m_mcp; }
    CheckPane *checkPane() const { return m_checks; }
    DoctorPane *doctorPane() const { return m_doctor; }
    QTabWidget *sideTabs() const { return m_side; }
    FilterBar *filterBar() const { return m_filterBar; }
    StateBadge *badge() const { return m_badge; }
    MetricsPlot *plot() const { return m_plot; }
    RequestEditor *editor() const { return m_editor; }
    TimelineModel *timeline() const { return m_timeline; }
    TimelineView *timelineView() const { return m_timelineView; }
    QLineEdit *urlField() const { return m_url; }
    RecoveryBar *recoveryBar() const { return m_recovery; }
    QLabel *reasonLabel() const { return m_reason; }

    SseClientOptions options() const; // as edited, {{variables}} unresolved
    void setOptions(const SseClientOptions &options);
    // The request as written: the URL field's text and the options, {{variables}} unresolved
    // (what profiles and the history keep).
    RequestTemplate request() const;
    void setRequest(const RequestTemplate &request);
    // The values {{name}} references are resolved from at connect time (the active
    // environment; `environment` names it in messages, empty: none is active).
    void setVariables(const TemplateVariables::Map &values, const QString &environment);
    // The request as it is sent: variables resolved, the URL read. False with the reason
    // (an undefined variable, a URL that is no URL).
    bool resolvedOptions(SseClientOptions *options, QString *error) const;
    QString title() const; // host:port/path, or the session's file name
    // Shows an opened session: its request in the editor, its records in the table; the tab
    // is not connected until the user connects.
    void showSession(const SessionData &session, const QString &name);
    // A pasted curl command into the request fields (not connecting); false with the reason.
    bool importCurl(const QString &command, QString *errorMessage = nullptr,
                    QStringList *warnings = nullptr);
    // The edited request, variables resolved, as a curl command line; empty with the reason
    // when it cannot be resolved.
    QString curlCommand(QString *error = nullptr) const;

    bool followsTail() const;
    bool isViewPaused() const;
    // Records received from the client and not yet in the log: the table takes them a slice
    // at a time so that no turn of the event loop runs long.
    qint64 pendingRecords() const { return m_pendingRecords; }

    // The most work one slice of ingest does before letting the event loop run again.
    static constexpr int kIngestBudgetMs = 4;
    static constexpr int kIngestChunkRecords = 512;
    // How often the lens pane's facts are refreshed while a lens reads the stream.
    static constexpr int kLensProgressMs = 100;

public Q_SLOTS:
    void openUrl(const QUrl &url);
    // Connects with the edited options. A tab that streamed before resumes (Last-Event-ID,
    // counters and connection numbers go on); a new tab, or one showing a file, starts
    // afresh. A URL that is no URL is refused with the reason, nothing is sent.
    void start();
    // Clears the events, the timeline and the plots and connects with counters, connection
    // numbers and Last-Event-ID restarted.
    void startAfresh();
    void stop(); // no reconnect afterwards
    // The response inspector of the latest request (nothing before the first one).
    void inspectLastRequest();
    void clearLog();
    void setViewPaused(bool paused);
    void setFollowTail(bool follow);
    void focusFilter();
    // A fault the embedded mock server acted out while this tab streams from it: marked on the
    // plots' time axis and listed in the timeline.
    void noteFault(const QString &fault, const QString &detail);
    // The MCP tab beside the events (the session driver), in front when `front`. Shown by
    // itself when the request or the stream is MCP.
    void showMcp(bool front = true);
    // The Checks tab beside the events (a check file run on this tab's stream), in front.
    void showChecks();
    // The Doctor tab beside the events (the endpoint doctor run on this tab's request), in
    // front.
    void showDoctor();

Q_SIGNALS:
    void titleChanged(const QString &title);
    // A connect went out with this request (as written; what was sent had it resolved).
    void requestStarted(const RequestTemplate &request);
    void stateChanged(ClientState state);
    // Feedback for an action that shows nothing by itself ("Copied …"), for a status bar.
    void notice(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onBatch(const ClientBatch &batch);
    void ingest();
    void ingestFor(int budgetMs); // -1: everything pending
    void finishBatch(const ClientBatch &batch);
    void dropPending();

public:
    void updateCounters(); // now, not at the next refresh
    void updateCounts();

private:
    void showState(const ClientRecord &record);
    // The lens pane shows `report` (hidden without one).
    void showLens(std::shared_ptr<const LensReport> report);
    // The tab's request becomes the GET stream of the MCP session, connected afresh.
    void listenToMcpSession();
    void inspect(const AttemptPointer &attempt, int conn);
    void connectTo(bool afresh);
    void showEditor(bool open);
    void updateSilence(); // the badge says when an open stream has gone quiet too long
    void updateUrlHint(); // the URL field's tooltip: the URL with its variables resolved
    QString variablesError(const QString &error) const; // names the environment

    SseClient *m_client = nullptr;
    EventLog *m_log = nullptr;
    EventTableModel *m_model = nullptr;

    QComboBox *m_method = nullptr;
    QLineEdit *m_url = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_stop = nullptr;
    QToolButton *m_editorToggle = nullptr;
    QToolButton *m_curl = nullptr;
    RequestEditor *m_editor = nullptr;
    StateBadge *m_badge = nullptr;
    QPair<AttemptPointer, int> m_lastAttempt; // the latest request with a record, its connection
    RecoveryBar *m_recovery = nullptr;
    QLabel *m_reason = nullptr;
    CountersLabel *m_counters = nullptr;
    FilterBar *m_filterBar = nullptr;
    QToolButton *m_follow = nullptr;
    QToolButton *m_pause = nullptr;
    QLabel *m_dropped = nullptr;
    EventTableView *m_table = nullptr;
    DetailPane *m_detail = nullptr;
    LensPane *m_lens = nullptr;
    McpPane *m_mcp = nullptr;
    CheckPane *m_checks = nullptr;
    DoctorPane *m_doctor = nullptr;
    std::shared_ptr<const LensReport> m_lensSeen; // the log's report the pane last took
    QTabWidget *m_side = nullptr; // the detail pane and the lens pane
    QSplitter *m_splitter = nullptr;
    QSplitter *m_requestSplitter = nullptr; // the editor above the rest
    QWidget *m_response = nullptr; // the rest: state, table, plots
    QWidget *m_below = nullptr; // the plots and timeline
    bool m_belowGaveWay = false; // hidden for the open editor on a short window
    bool m_belowGaveWayToMcp =
        false; // hidden while the MCP, Checks or Doctor tab is in front on a short window
    MetricsPlot *m_plot = nullptr;
    TimelineModel *m_timeline = nullptr;
    TimelineView *m_timelineView = nullptr;
    QTimer *m_rateTimer = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QTimer *m_ingestTimer = nullptr;
    std::deque<ClientBatch> m_pending; // delivered, not (wholly) in the log yet
    qsizetype m_pendingOffset = 0; // records of m_pending.front() already taken
    qint64 m_pendingRecords = 0;
    bool m_countersDirty = false;
    bool m_countsDirty = false;

    SseClientStats m_stats;
    qint64 m_rateLastEvents = 0;
    qint64 m_rateLastNs = 0;
    qint64 m_arrivedBytes = 0; // body bytes as of the last batch delivered
    qint64 m_lastArrivalNs = 0; // when bytes last arrived (or the stream opened)
    double m_eventsPerSecond = 0;
    QString m_sessionName; // set while the tab shows an opened session
    TemplateVariables::Map m_variables;
    QString m_environment; // the name of the environment m_variables come from
};
