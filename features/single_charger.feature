@seed @hq
Feature: A single charger's session
  A driver charges alone at HQ-14. Its group HQ allows 100 A for every priority, so only the
  charger's own limit of 16 A (conn_max in data/model/chargers.csv) bounds the offer.

  The rules, from balanz's smart charging (balanz/balanz.py balanz_loop, balanz/model.py Group.balanz;
  explained in docs/balancing-rules.md; config keys in brackets):
  * Every new session is first offered the minimum offer (min_allocation: 6 A;
    docs/balancing-rules.md#the-first-offer).
  * While the EV draws (nearly) all it is offered, the offer grows by the maximum increase
    (max_offer_increase: 3 A), at most one step per offer-increase interval (min_offer_increase_interval
    after the previous change), until it reaches what the charger and the group allow
    (docs/balancing-rules.md#growth-and-its-pacing).
    Here: 6, 9, 12, 15, then 16 A - the charger's limit cuts the last step short.
  * An EV that stops drawing because it is full is offered only the minimum at the next full balancing
    run, and an offer left unused for the unused-offer timeout (suspended_allocation_timeout) is
    withdrawn: 0 A, while the session stays open (docs/balancing-rules.md#withdrawal-of-unused-offers).
  * What comes after the withdrawal depends on the charger's meter register: balanz compares the
    Energy.Active.Import.Register of the charger's last meter value (the transaction's energy_meter) with
    energy_threshold (100 Wh in the fast profile; model.py Group.balanz, the SuspendedEV branch;
    docs/balancing-rules.md#delayed-start-and-long-suspensions). Below it balanz takes the EV for one that
    delays its start, holds the charger for the delayed-start suspension (suspended_delayed_time) and offers
    the minimum again; at or above it the EV is full and balanz holds the charger for the long suspension
    (suspended_delayed_time_not_first). The simulated charger's register starts at 0 with each transaction
    (docs/simulator.md#meter-values-and-energy), so here it is the energy the session has charged; a real
    charger's register counts everything it has ever delivered, so balanz would hardly ever take its EV
    for one that delays its start.
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
      At 6 A and then 9 A for about two offer-increase intervals the charger's meter register shows some
      30 Wh (the session's energy: the simulated register starts at 0 with the transaction), less than the
      energy threshold: balanz cannot tell this EV from one that delays its start.

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
