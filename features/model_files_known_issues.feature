@model_files @known_issue @fresh_balanz
Feature: Known issue - a session read back from the session file has a duration of 0
  When balanz starts it reads its session file back (model.py Session.register_csv_file, Session.read_csv), so
  GetSessions lists the sessions recorded before (lasting_records.feature). But Session.from_csv sets each
  session's duration to 0 (marked "TODO" there), although the file holds the duration and the session's start
  and end: after a restart GetSessions shows every earlier session with a duration of 0 s. (It also drops the
  meter at the start and gives every session connector 1.) What should happen: a session read back has the
  duration it was recorded with, its end minus its start.
  These scenarios demonstrate today's behaviour and are left out of the default run (--tags=@known_issue).

  Scenario: After a restart a session keeps its start and end, but its duration is 0
    Given HQ-14 is a charger the scenario plays message by message, connected, booted and set up by balanz
    And HQ-14 has started a transaction for tag D40C346D with the meter at 0 Wh
    When HQ-14 stops its transaction with the meter at 1000 Wh, for tag D40C346D, reason Local
    Then balanz records the session at HQ-14 as lasting from the charger's start to its stop
    When balanz is restarted
    Then balanz's record of the session at HQ-14 keeps its start and end, but its duration is 0 s
