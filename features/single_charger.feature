@seed @hq
Feature: A single charger's session
  A driver charges alone at HQ-14. Its group HQ allows 100 A for every priority, so only the
  charger's own limit of 16 A (conn_max in data/model/chargers.csv) bounds the offer.

  The rules, from balanz's smart charging (reference: balanz-behaviour.md §3.5, §3.6 rules A2 and A4 and
  phase B, §3.8; config keys in brackets):
  * Every new session is first offered the minimum offer (min_allocation: 6 A).
  * While the EV draws (nearly) all it is offered, the offer grows by the maximum increase
    (max_offer_increase: 3 A), at most one step per offer-increase interval (min_offer_increase_interval
    after the previous change), until it reaches what the charger and the group allow.
    Here: 6, 9, 12, 15, then 16 A - the charger's limit cuts the last step short.
  * An EV that stops drawing because it is full is offered only the minimum at the next full balancing
    run, and an offer left unused for the unused-offer timeout (suspended_allocation_timeout) is
    withdrawn: 0 A, while the session stays open (rule A2).
  * What comes after the withdrawal depends on the energy the session has charged (energy_threshold,
    100 Wh in the fast profile): below it balanz takes the EV for one that delays its start, holds the
    charger for the delayed-start suspension (suspended_delayed_time) and offers the minimum again; above
    it the EV is full and balanz holds the charger for the long suspension
    (suspended_delayed_time_not_first).
  * Unplugging ends the session: the charger is Available with no offer.

  Background:
    Given HQ-14 is available

  Rule: A session starts at the minimum offer and grows step by step up to the charger's limit

    Scenario: A normal session from tag to unplug (upstream test_single case 1)
      When the driver presents tag D40C346D at HQ-14
      Then HQ-14 starts charging with the minimum offer of 6 A
      And the offer to HQ-14 rises 6 → 9 → 12 → 15 → 16 A, no faster than one step per offer-increase interval
      And the offer to HQ-14 stays at 16 A for 1 offer-increase interval
      When the driver unplugs the EV at HQ-14
      Then the session at HQ-14 has ended, and the charger is Available with no offer

  Rule: A full EV keeps only the minimum offer, and loses it after the unused-offer timeout

    Scenario: The EV becomes full early in the session (upstream test_single case 2)
      At 6 A and then 9 A for about two offer-increase intervals the session has charged some 30 Wh, less
      than the energy threshold: balanz cannot tell this EV from one that delays its start.

      Given the driver has presented tag D40C346D at HQ-14, which is charging
      And the offer to HQ-14 has risen to 9 A
      When the EV at HQ-14 becomes full
      Then within 1 full balancing run the offer to HQ-14 drops to the minimum of 6 A
      And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And HQ-14 shows SuspendedEVSE with 0 A, in a transaction
      And HQ-14 is held for the delayed-start suspension, then offered the minimum of 6 A again

    Scenario: The EV becomes full after charging more than the energy threshold
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      And the session at HQ-14 has charged more than the energy threshold
      When the EV at HQ-14 becomes full
      Then within 1 full balancing run the offer to HQ-14 drops to the minimum of 6 A
      And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And HQ-14 shows SuspendedEVSE with 0 A, in a transaction
      And HQ-14 is held for the long suspension
