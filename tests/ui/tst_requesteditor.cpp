// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// RequestEditor's layout: its groups side by side where they fit and as tabs where they do not,
// back and forth without losing what was typed, and a minimum size small enough that opening it
// never forces its size on the window (it scrolls instead); the lens choice round-trips.
#include "lens/lensregistry.h"
#include "requesteditor.h"

#include <QComboBox>
#include <QGroupBox>
#include <QTabWidget>
#include <QTest>

class TestRequestEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sideBySideOrTabs();
    void neverForcesItsSize();
    void lensChoiceRoundTrips();
};

void TestRequestEditor::sideBySideOrTabs()
{
    RequestEditor editor;
    SseClientOptions options;
    options.headers = {{"X-Trace", "1"}};
    options.body = "{\"prompt\":\"hi\"}";
    options.lastEventId = "41";
    options.retryMs = 1234;
    editor.setOptions(options);
    editor.resize(1500, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QTRY_VERIFY(!editor.isTabbed());
    auto *pages = editor.findChild<QTabWidget *>(QStringLiteral("editorPages"));
    QVERIFY(pages);
    QVERIFY(!pages->isVisible());
    const QList<QGroupBox *> groups = editor.findChildren<QGroupBox *>();
    QCOMPARE(groups.size(), 4);
    for (QGroupBox *group : groups) {
        QVERIFY(group->isVisible());
        QVERIFY(!group->title().isEmpty());
    }

    editor.resize(600, 300); // narrower than the groups side by side
    QTRY_VERIFY(editor.isTabbed());
    QVERIFY(pages->isVisible());
    QCOMPARE(pages->count(), 4);
    QCOMPARE(pages->tabText(0), QStringLiteral("Headers and body"));
    QCOMPARE(pages->tabText(3), QStringLiteral("Transport, TLS and proxy"));
    for (QGroupBox *group : groups)
        QVERIFY(group->title().isEmpty()); // the tab names it
    pages->setCurrentIndex(2);

    editor.resize(1500, 300);
    QTRY_VERIFY(!editor.isTabbed());
    QVERIFY(!pages->isVisible());
    for (QGroupBox *group : groups) {
        QVERIFY(group->isVisible()); // the pages that were not current too
        QVERIFY(!group->title().isEmpty());
    }
    const SseClientOptions back = editor.options(SseClientOptions());
    QCOMPARE(back.headers, options.headers);
    QCOMPARE(back.body, options.body);
    QCOMPARE(back.lastEventId, options.lastEventId);
    QCOMPARE(back.retryMs, options.retryMs);
}

void TestRequestEditor::neverForcesItsSize()
{
    RequestEditor editor;
    editor.resize(1500, 400);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    // It asks for what shows every field...
    QVERIFY(editor.sizeHint().height() > 200);
    QVERIFY(editor.sizeHint().width() > 700);
    // ...and needs little: the rest scrolls.
    QVERIFY(editor.minimumSizeHint().height() < 100);
    QVERIFY(editor.minimumSizeHint().width() < 150);
}

void TestRequestEditor::lensChoiceRoundTrips()
{
    // Every lens the registry offers is a choice, shown by its title; what is set comes back.
    RequestEditor editor;
    auto *lens = editor.findChild<QComboBox *>(QStringLiteral("lens"));
    QVERIFY(lens);
    QCOMPARE(lens->count(), LensRegistry::choices().size());
    QVERIFY(lens->findText(QStringLiteral("Anthropic Messages")) >= 0);
    for (const QByteArray &choice : LensRegistry::choices()) {
        SseClientOptions o;
        o.lens = choice;
        editor.setOptions(o);
        QCOMPARE(editor.options(SseClientOptions()).lens, choice);
    }
    QCOMPARE(SseClientOptions().lens, QByteArray("auto"));
}

QTEST_MAIN(TestRequestEditor)
#include "tst_requesteditor.moc"
