@seed @hq @delay
Feature: Delayed charging
  Some EVs do not take power when it is offered: a timer in the car, or a car that is already full
  when it is plugged in. balanz must not hold capacity for them for long, and must offer again later.
  The simulated EV either starts its transaction at once (like most chargers) or only when it begins
  to charge (like ABB chargers): both are specified.

  The rules (balanz/model.py Group.balanz, the rules that withdraw unused offers; explained in
  docs/balancing-rules.md#withdrawal-of-unused-offers and
  docs/balancing-rules.md#delayed-start-and-long-suspensions; config keys in brackets):
  * A session is first offered the minimum (min_allocation, 6 A), also when the EV will not take it.
  * A suspended EV (SuspendedEV): an offer it leaves unused is withdrawn (0 A) once the unused-offer timeout
    (suspended_allocation_timeout) has passed since it was made - not before.
  * A suspended EV's first delay: balanz compares the charger's meter register (the
    Energy.Active.Import.Register of its last meter value, the transaction's energy_meter) with the energy
    threshold (energy_threshold); below it, or without a transaction, the EV is taken to be on its first delay:
    after a withdrawal the charger is held only for the delayed-start suspension (suspended_delayed_time), then
    offered the minimum again - and the cycle repeats while the EV still takes nothing. The simulated charger's
    register starts at 0 with each transaction (docs/simulator.md#meter-values-and-energy), so here it is the
    energy the session has charged; a real charger's register counts everything it has ever delivered. (The
    top-of-hour variant is off in the test profiles: it depends on the wall clock; suspend_top_of_hour.feature.)
  * A charging session that draws almost nothing: a session that is Charging but draws less than the usage
    threshold (usage_threshold, 2 A) loses its offer once the unused-offer timeout has passed and is held for
    the long suspension (suspended_delayed_time_not_first), whatever energy it has charged: a first delay is
    only recognised for an EV that reports SuspendedEV.
  * A delaying EV that resumes while offered the minimum charges at the minimum.

  Background:
    Given HQ-14 is available

  Rule: An EV that never takes the offered power loses the offer, and is offered again after the delayed-start suspension

    Scenario Outline: A delaying EV that <starts its transaction> (upstream test_delay case <case>)
      Given the EV at HQ-14 will delay charging and <starts its transaction>
      When the driver presents tag D40C346D at HQ-14
      Then HQ-14 is offered the minimum of 6 A while the EV stays suspended, <transaction>
      And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And HQ-14 shows SuspendedEVSE with 0 A, <transaction>
      And HQ-14 is held for the delayed-start suspension, then offered the minimum of 6 A again
      And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And HQ-14 is held for the delayed-start suspension, then offered the minimum of 6 A again

      Examples:
        | case | starts its transaction              | transaction          |
        | 1    | starts its transaction at once      | in a transaction     |
        | 3    | starts its transaction when it charges | with no transaction |

  Rule: A delaying EV that resumes charges at the minimum offer

    Scenario: The EV resumes in its open transaction (upstream test_delay case 2)
      Given the EV at HQ-14 will delay charging and starts its transaction at once
      And the driver has presented tag D40C346D at HQ-14, which is offered the minimum of 6 A while the EV stays suspended, in a transaction
      When the EV at HQ-14 resumes charging
      Then HQ-14 shows Charging with 6 A, in a transaction
      When the driver unplugs the EV at HQ-14
      Then the session at HQ-14 has ended, and the charger is Available with no offer

    Scenario: The EV resumes but its charger never starts a transaction (upstream test_delay case 4)
      The simulated charger reports Charging without starting a transaction, so it sends no meter values.
      To balanz that is a charging session that draws nothing: once the unused-offer timeout has passed its
      offer is withdrawn and the charger is held for the long suspension (suspended_delayed_time_not_first) -
      although it has charged nothing, because that rule does not look at the energy
      (docs/balancing-rules.md#withdrawal-of-unused-offers).

      Given the EV at HQ-14 will delay charging and starts its transaction when it charges
      And the driver has presented tag D40C346D at HQ-14, which is offered the minimum of 6 A while the EV stays suspended, with no transaction
      When the EV at HQ-14 resumes charging
      Then HQ-14 shows Charging with 6 A, with no transaction
      And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And HQ-14 is held for the long suspension

  Rule: A charging session that draws almost nothing loses its offer for the long suspension

    Scenario: The EV draws under the usage threshold in its open transaction
      The EV draws at most 1 A, under the usage threshold of 2 A, from the start: it has charged far less
      than the energy threshold, yet the rule for a charging session that draws almost nothing holds it for
      the long suspension.

      Given the EV at HQ-14 draws at most 1 A
      When the driver presents tag D40C346D at HQ-14
      Then HQ-14 starts charging with the minimum offer of 6 A
      And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And HQ-14 is held for the long suspension
