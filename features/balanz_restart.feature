@rr2 @change @restart @fresh_balanz
Feature: balanz restarts mid-session
  balanz can be restarted while sessions run (an upgrade, a crash). It starts again with the same
  runtime directory (configuration, model CSVs, session history), and the chargers connect again by
  themselves.

  The rules (balanz.py startup, on_connect and balanz_loop; balanz-behaviour.md §1.2, §3.1;
  ocppsim-reference.md "Reconnect behaviour"):
  * balanz keeps no open transaction across a restart: only completed sessions are in its history. A
    charger that still has its transaction would make balanz pick it up from its next meter value (for
    the tag "Unknown", model.py Connector.meter_values). ocppsim cannot show that: whenever its
    connection drops it connects again as a new charge point, Available and without its transaction.
    So here the chargers come back connected and Available, with no session on either side.
  * Balancing resumes from balanz's first balancing run: the drivers present their tags again, the
    sessions start at the minimum and grow as usual to the same shares as before (RR2-03 16 A, RR2-04
    8 A: priority 1's 24 A), and the group maximum holds throughout (the group safety watch samples the
    chargers while balanz is down, and checks every moment after).

  Rule: After a restart balanz balances the chargers from its first run

    Scenario: balanz restarts while RR2-03 and RR2-04 charge
      Given sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      And within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      When balanz restarts with the same runtime directory
      Then RR2-03 and RR2-04 are connected to the restarted balanz, Available, with no session left
      When sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      Then within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
