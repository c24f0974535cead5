@sessions @hq @fresh_balanz
Feature: Records that last
  balanz appends every ended session to its session file (history/sessions.csv, [history] session_csv) when
  it records it (model.py Session.from_transaction), hands that file out as it is with GetCSVSessions, and
  reads it back when it starts (Session.register_csv_file), so after a restart GetSessions lists the same
  sessions as before. The file's row of a session holds what GetSessions records: its id, the charger's id
  and alias, the group, the tag and its user, the stop tag and the stop reason.
  balanz's audit log (GetLogs for the logger AUDIT, also written to history/audit_log.txt) has an entry for
  every authorization decision (model.py Charger.authorize): [AUTH-OK] for an accepted tag, [AUTH-REJECT]
  for a refused one, each naming the tag, its user, the charger's id and alias and the reason; an entry
  for each session's start and record ([SESSION-START], [SESSION-HIST]), and one for each change an operator
  makes to a tag ([TAG-NEW], [TAG-UPDATE], [TAG-DELETE], api.py). Each entry has the time balanz wrote it.
  (What the audit log leaves out: lasting_records_known_issues.feature.)

  Background:
    Given HQ-14 is available

  Rule: The session file holds every session as GetSessions records it

    Scenario: An ended session is in the session file as GetSessions records it
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      When the driver unplugs the EV at HQ-14
      Then the session file holds the session at HQ-14 once, as GetSessions records it

  Rule: Sessions survive a restart of balanz

    Scenario: After a restart balanz keeps the same record of a session and the file holds it once
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      When the driver unplugs the EV at HQ-14
      And balanz is restarted
      Then balanz keeps the same record of the session at HQ-14 as before the restart
      And the session file holds the session at HQ-14 once, as GetSessions records it

  Rule: The audit log has every authorization decision and every change to a tag, with who and when

    Scenario: A refused and an accepted tag each leave an audit entry
      When the driver tries the blocked tag 6EBEFC7F at HQ-14
      And the driver tries the known tag D40C346D at HQ-14
      Then balanz's audit log has these entries, written during the scenario, in this order:
        | entry                                                                                                       |
        | [AUTH-REJECT] Authorize 6EBEFC7F (John Johnson) on TACW225426G463 (HQ-14). Rejecting tag as in state Blocked |
        | [AUTH-OK] Authorize D40C346D (John Jones) on TACW225426G463 (HQ-14). Accepting tag. Parent Id: None          |

    Scenario: An operator's change to a tag leaves an audit entry
      Given the operator gives tag 56EB8FBF priority 5
      Then balanz's audit log has these entries, written during the scenario, in this order:
        | entry                                                                                                            |
        | [TAG-UPDATE] Updated tag 56EB8FBF. User name: None, Parent tag ID: None, Description: None, Status: None, Priority: 5 |
