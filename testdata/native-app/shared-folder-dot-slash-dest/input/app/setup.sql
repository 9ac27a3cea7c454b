create application role if not exists app_csr;
create application role if not exists app_admin;

create or alter versioned schema ui;
    grant usage on schema ui to application role app_csr;
    grant usage on schema ui to application role app_admin;
    execute immediate from './ui/receipts_ui.sql';
    execute immediate from './ui/ledger_ui.sql';
