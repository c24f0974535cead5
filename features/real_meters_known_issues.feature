@real_charger @known_issue @fresh_balanz
Feature: Known issues - balanz takes a real meter's register for a session's energy
  A real charger's meter reports its lifetime register (12 345 678 Wh here; the harness plays the charger,
  balanz_acceptance/sut/played_charger.py). balanz keeps that register as the transaction's
  ``energy_meter`` (model.py Transaction: it starts at meter_start; Charger.meter_values sets it from each
  meter value) and uses it where a rule speaks of what the session has charged. ocppsim starts every
  transaction at 0 Wh, so there the register is the session's energy and none of this shows.

  Scenario: An EV that delays its start at a charger whose meter reads 12 345 678 Wh is held for the long suspension
    balanz tells a first delay (an EV that has charged less than energy_threshold in its session: held only
    for the delayed-start suspension, suspended_delayed_time) from a later one (held for the long suspension,
    suspended_delayed_time_not_first) by comparing the register with energy_threshold (model.py Group.balanz,
    rule "Is this initial delayed charging?": transaction.energy_meter >= energy_threshold). At a real
    charger every register is above the threshold, so an EV that has charged nothing is held for the long
    suspension (2160 s in the fast profile, 6 hours in the standard one) instead of the delayed-start
    suspension (18 s, 3 minutes). What should happen: the session's energy (energy_meter - meter_start) is
    compared, and this EV is held for the delayed-start suspension, then offered the minimum again.

    Given HQ-14 is a real charger whose meter reads 12 345 678 Wh
    And the EV at HQ-14 will delay charging
    When the driver presents tag D40C346D at HQ-14
    Then HQ-14 is offered the minimum of 6 A while the EV stays suspended, in a transaction
    And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
    And HQ-14 is held for the long suspension

  Scenario: Of two priority-1 sessions that must share 6 A, the one whose meter reads more gives way, although it charged less
    Among sessions of equal priority balanz serves the one with the least energy first (model.py Group.balanz:
    "Sort (priority) connectors by energy received so far in order distribute fairly") - but it sorts by the
    register (transaction.energy_meter), not by what each session has charged. RR2-04 (meter 1 000 Wh) has
    charged first and more; RR2-03 (meter 12 345 678 Wh) arrives later and has charged less. When the
    operator leaves priority 1 only 6 A, balanz keeps RR2-04 at 6 A and gives RR2-03 0 A, and so it stays:
    the charger with the older meter always gives way, whatever each session charged. What should happen:
    RR2-04, which has charged more, gives way, and RR2-03 keeps the 6 A.

    Given RR2-03 is a real charger whose meter reads 12 345 678 Wh
    And RR2-04 is a real charger whose meter reads 1 000 Wh
    And the driver has presented tag E08CEE18 at RR2-04, which is charging
    And the session at RR2-04 has charged 30 Wh on its meter
    And the driver has presented tag 56EB8FBF at RR2-03, which is charging
    When the operator sets the maximum of group RR2 to "00:00-23:59>0=6:3=40:5=48"
    Then within 1 full balancing run the offers settle at:
      | charger | offer |
      | RR2-03  | 0     |
      | RR2-04  | 6     |
    And the offers stay for 5 full balancing runs at:
      | charger | offer |
      | RR2-03  | 0     |
      | RR2-04  | 6     |

  Scenario: A running session's live record gives the meter's register as its energy
    GetSessions with include_live lists the running sessions too (api.py GetSessions,
    model.py Session.from_live_transaction), with the transaction's ``energy_meter`` as the session's energy:
    the register, 12 345 678 Wh and more, where an ended session's record has what it charged (meter stop less
    meter start, Session.from_transaction). What should happen: the live record gives energy_meter - meter_start.

    Given HQ-14 is a real charger whose meter reads 12 345 678 Wh
    And the driver has presented tag D40C346D at HQ-14, which is charging
    And the session at HQ-14 has charged 10 Wh on its meter
    Then balanz's live record of the session at HQ-14 gives the meter's register as the session's energy
