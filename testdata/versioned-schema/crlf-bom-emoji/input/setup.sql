-- Café app ☕ setup
CREATE SCHEMA "Données";
CREATE TABLE "Données".événements (nom STRING COMMENT '😀 emoji');
CREATE SCHEMA ui;
create streamlit ui."Tableau de bord 📊"
  root_location = '/streamlit'
  main_file = 'app.py';
