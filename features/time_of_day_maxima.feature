@rr2 @change @time_of_day @fresh_balanz
Feature: Time-of-day maxima
  A group's maximum can change with the time of day (e.g. less in the evening, none for low priorities
  at peak time). Each scenario gives RR2 a schedule that differs from its usual maxima
  (0=24:3=40:5=48: priorities 0-2 may use 24 A, 3-4 40 A, 5 and up 48 A, the whole group 48 A) for a
  window that starts at the first minute of the local clock that begins at least one full balancing run from
  now (so that "nothing changes before it" is seen for a full run: a schedule read a minute early fails) and
  lasts at least three full balancing runs,
  in whole minutes (schedules have minute resolution): one full run for balanz to react, one to show the
  new offers hold, and one more in which they must still hold - one minute in the fast profile, three in
  the standard one. The harness writes that schedule from the current time (also across midnight) and the
  operator gives it to RR2 (UpdateGroup) ahead of time.

  The rules (docs/balancing-rules.md#time-of-day-schedules; util.py schedule_value_now: the schedule is read on
  balanz's local wall clock with minute resolution at every balancing run; model.py Group.balanz):
  * Before the boundary nothing changes: the offers stay as they are until the minute begins.
  * From the boundary, balanz's next full balancing run applies the new maximum: offers are lowered to
    fit within one full balancing run of the boundary (and stay there: checked for a full run), and each
    priority's bucket changes with it. Two priority-1 sessions under a 12 A bucket each keep the minimum
    offer (6 A).
  * A bucket of 0 A withdraws the offers of its priorities (0 A, their transactions stay open), while
    sessions of higher priorities keep theirs.
  * When the maximum rises again at the end of the window, offers grow again as usual: the minimum at once
    for a session that had none (model.py: a connector offered 0 A is given min_allocation, not a step),
    then one 3 A step (max_offer_increase) per offer-increase interval up to what the chargers and the
    group allow.
  The group safety watch checks every moment against the maximum in force then, allowing only balanz's
  reaction time after each boundary.

  Rule: A lower maximum applies from its minute on, within one full balancing run, and a higher one lets the offers grow again

    Scenario: For a window, priority-1 sessions may use 12 A instead of 24 A
      RR2-03 (16 A) and RR2-04 (8 A), both priority 1, share the 24 A of their bucket. With 12 A each
      keeps only the minimum (2 x 6 A); with 24 A again they grow back to their chargers' limits. The
      site raises offers every full balancing run (the rule is about the maximum, not the pace).

      Given a site whose offer-increase interval is 1 full balancing run
      And sessions are charging at:
        | charger | tag      |
        | RR2-03  | 56EB8FBF |
        | RR2-04  | E08CEE18 |
      And within 4 offer-increase intervals the offers settle at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      When the operator gives group RR2 a schedule under which, from the first minute that begins at least 1 full balancing run from now, for at least 3 full balancing runs (in whole minutes), sessions of priority 0 to 2 may use 12 A, the other priorities as usual
      Then until that minute begins the offers stay at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |
      And within 1 full balancing run of that minute's start the offers settle, and hold for 1 full balancing run, at:
        | charger | offer |
        | RR2-03  | 6     |
        | RR2-04  | 6     |
      And until the window ends the offers stay at:
        | charger | offer |
        | RR2-03  | 6     |
        | RR2-04  | 6     |
      And from the window's end the offers grow again, no faster than one step per offer-increase interval, and within 4 offer-increase intervals settle, and hold for 1 full balancing run, at:
        | charger | offer |
        | RR2-03  | 16    |
        | RR2-04  | 8     |

  Rule: A bucket of 0 A withdraws its priorities' offers, while higher priorities keep theirs

    Scenario: For a window, priority-1 sessions may use nothing
      RR2-01 (priority 3) and RR2-04 (priority 1, 8 A) charge. RR2-01's EV draws at most 5 A, so its offer
      stays at the minimum of 6 A (an offer grows only while the EV draws within 0.6 A of it:
      margin_increase). While priorities 0-2 may use 0 A, RR2-04's offer is withdrawn in its open
      transaction and RR2-01 keeps its 6 A (its own bucket of 40 A is untouched); afterwards RR2-04 is
      offered the minimum again, then its charger's 8 A.

      Given the EV at RR2-01 draws at most 5 A
      And sessions are charging at:
        | charger | tag      |
        | RR2-01  | 29837FD6 |
        | RR2-04  | E08CEE18 |
      And the offer to RR2-04 has risen to 8 A
      When the operator gives group RR2 a schedule under which, from the first minute that begins at least 1 full balancing run from now, for at least 3 full balancing runs (in whole minutes), sessions of priority 0 to 2 may use 0 A, the other priorities as usual
      Then until that minute begins the offers stay at:
        | charger | offer |
        | RR2-01  | 6     |
        | RR2-04  | 8     |
      And within 1 full balancing run of that minute's start the offers settle, and hold for 1 full balancing run, at:
        | charger | offer |
        | RR2-01  | 6     |
        | RR2-04  | 0     |
      And until the window ends the offers stay at:
        | charger | offer |
        | RR2-01  | 6     |
        | RR2-04  | 0     |
      And from the window's end the offers grow again, no faster than one step per offer-increase interval, and within 2 offer-increase intervals settle, and hold for 1 full balancing run, at:
        | charger | offer |
        | RR2-01  | 6     |
        | RR2-04  | 8     |
