-- Café app ☕ setup
CREATE SCHEMA IF NOT EXISTS "Données";
CREATE TABLE IF NOT EXISTS "Données".événements (nom STRING COMMENT '😀 emoji');
CREATE SCHEMA IF NOT EXISTS ui;
create or replace streamlit ui."Tableau de bord 📊"
  from '/streamlit'
  main_file = 'app.py';
