@hq @delay @change @fresh_balanz
Feature: A first delay is suspended until the top of the hour
  balanz's own defaults switch suspend_top_of_hour on; both test profiles switch it off, because "the top
  of the hour" is wall-clock time and cannot be scaled. This feature switches it on in the running balanz
  (SetConfig: the setting is read at every use) and checks balanz's decision without waiting for the hour.

  The rule (config key suspend_top_of_hour; model.py Group.balanz, the SuspendedEV branch; util.py
  adjust_time_top_of_hour; docs/balancing-rules.md#delayed-start-and-long-suspensions):
  * An EV on its first delay (its charger's meter register is below energy_threshold; the simulated
    charger's register starts at 0 with each transaction) whose offer is left unused for the unused-offer
    timeout (suspended_allocation_timeout) loses it (0 A), as without the rule.
  * With suspend_top_of_hour on, the charger is then suspended until half the unused-offer timeout before
    the next whole hour of the epoch timestamp: balanz rounds the time of its decision (seconds since
    1970-01-01 UTC) up to a multiple of 3600 s (suspend_until = that hour - suspended_allocation_timeout / 2),
    not for the delayed-start suspension (suspended_delayed_time). That is a whole hour of UTC; it is the
    top of the hour of balanz's local clock only where local time is a whole number of hours from UTC
    (not, for example, at UTC+05:30).
  * So no offer returns once the delayed-start suspension has passed: the charger is held for at least one
    full balancing run beyond it. (Should the top of the hour come sooner, the new offer must come after
    suspend_until, not before.)

  Background:
    Given HQ-14 is available

  Rule: With suspend_top_of_hour on, a first delay is suspended until just before the next full hour

    Scenario: A delaying EV at HQ-14 is held until half the unused-offer timeout before the next full hour
      Given balanz suspends a first delay until the top of the hour
      And the EV at HQ-14 will delay charging and starts its transaction at once
      When the driver presents tag D40C346D at HQ-14
      Then HQ-14 is offered the minimum of 6 A while the EV stays suspended, in a transaction
      And the offer to HQ-14 is withdrawn once the unused-offer timeout has passed since its last offer, not before
      And balanz suspends HQ-14 until half the unused-offer timeout before the next full hour
      And HQ-14 gets no offer when the delayed-start suspension has passed, only after the top of the hour
