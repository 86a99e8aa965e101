// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "environmentstore.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

// Environments edited: one chosen at the top (new, rename, delete), its variables in a table
// (name, value, secret; add, remove). Save writes the environment shown, checked first (a bad
// or repeated name is said in the dialog, nothing is written); switching to another
// environment saves the one left. A secret value is shown as dots, and edited in clear.
class EnvironmentDialog : public QDialog
{
    Q_OBJECT
public:
    EnvironmentDialog(EnvironmentStore *store, QWidget *parent = nullptr);

    QComboBox *environments() const { return m_environments; }
    QTableWidget *table() const { return m_table; }
    QLabel *errorLabel() const { return m_error; }

public Q_SLOTS:
    void newEnvironment(const QString &name);
    void addVariable(const QString &name = QString(), const QString &value = QString(),
                     bool secret = false);
    void removeVariable();
    bool save(); // the environment shown; false with the reason in errorLabel()
    void renameEnvironment(const QString &name);
    void deleteEnvironment();
    void accept() override; // saves first

private:
    void show(const QString &name); // fills the table
    void refill(const QString &current);
    EnvironmentStore::Environment edited() const;

    EnvironmentStore *m_store;
    QComboBox *m_environments = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QString m_shown; // the environment in the table
    bool m_filling = false;
};
