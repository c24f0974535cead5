@rr2 @change @restart @fresh_balanz
Feature: balanz restarts mid-session
  balanz can be restarted while sessions run (an upgrade, a crash). It starts again with the same
  runtime directory (configuration, model CSVs, session history, audit log), and the chargers connect
  again by themselves.

  The rules (balanz.py main, on_connect and balanz_loop; model.py Charger.meter_values,
  Session.from_transaction; docs/balancing-rules.md#restarts; docs/simulator.md#reset-power-loss-and-reconnect):
  * balanz keeps no open transaction across a restart: it learns of one from the charger. ocppsim cannot
    show that: whenever its connection drops it connects again as a new charge point, Available and
    without its transaction. So in the first rule the chargers come back connected and Available, with no
    session on either side, and balancing resumes from balanz's first balancing run: the drivers present
    their tags again, the sessions start at the minimum and grow as usual to the same shares as before
    (RR2-03 16 A, RR2-04 8 A: priority 1's 24 A).
  * A charger that keeps its transaction (as OCPP 1.6 chargers do; the harness plays one itself, see
    balanz_acceptance/sut/played_charger.py) goes on charging at its last limit while balanz is
    away, connects again and sends its meter values with the transaction's id. balanz picks the
    transaction up from the first of them: a session of tag "Unknown" for user "Unknown" (it cannot know
    the tag), starting when balanz picked it up, with the charger's priority. balanz also initializes the
    charger's default profiles again (a fresh balanz has initialized no charger; that tick skips balancing).
    At its next full balancing run after both it offers the session the minimum (6 A: the TxProfile every
    new transaction gets before its blocking profile is put back), then raises it as usual, 3 A per offer-increase interval up to the charger's
    limit. When the driver ends the session with the tag, balanz records it for that tag and its user.
  * The group maximum holds throughout: the group safety watch samples the chargers while balanz is down,
    and checks every moment after.

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
      When balanz is restarted
      Then RR2-03 and RR2-04 are connected to the restarted balanz, Available, with no session left
      When sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      Then within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |

  Rule: A transaction still open at a charger when balanz restarts is picked up and balanced from the minimum

    Scenario: RR2-03 keeps charging in its transaction while balanz restarts
      Given RR2-03 is a charger that keeps its transaction when its connection drops
      And the driver has presented tag 56EB8FBF at RR2-03, which is charging
      And the offer to RR2-03 rises 6 → 9 → 12 → 15 → 16 A, no faster than one step per offer-increase interval
      And balanz's offer to RR2-03 and the charger's limit stay at 16 A for 1 full balancing run
      When balanz is restarted
      Then RR2-03 connects again with its transaction still open, and balanz picks it up as a session of tag "Unknown" for user "Unknown"
      And within 1 full balancing run of picking it up and initializing RR2-03 again, balanz offers it the minimum of 6 A, which the charger enforces
      And the offer to RR2-03 rises 6 → 9 → 12 → 15 → 16 A, no faster than one step per offer-increase interval
      And balanz's offer to RR2-03 and the charger's limit stay at 16 A for 1 full balancing run
      When the driver ends the session at RR2-03 by presenting tag 56EB8FBF
      Then balanz records the session at RR2-03 for tag 56EB8FBF and its user, from when it picked the session up
