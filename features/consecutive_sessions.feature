@hq @change
Feature: Consecutive sessions on one charger
  Drivers come and go at HQ-14 (group HQ: 100 A for every priority; the charger's limit is 16 A).
  One session's offer must not carry over to the next driver.

  The rules (balanz.py balanz_loop with model.py Group.transactions_reset_blocking and
  Group.connectors_reset_blocking; model.py Group.balanz; docs/balancing-rules.md#the-profiles-balanz-installs,
  docs/balancing-rules.md#the-first-offer):
  * When a session ends, balanz's blocking default profile (0 A, stack level 1) limits the charger again:
    the charger's own limit (what ocppsim reports as its `offer`) is below the minimum an EV needs to
    start (min_to_start, 6 A), so an EV plugged in without a tag draws nothing, and balanz shows the
    charger with no transaction and 0 A offered. This holds, not only for a moment: checked for a full
    balancing run.
  * A new session starts at the minimum offer (min_allocation: 6 A; balanz sets a 6 A transaction
    profile for every new transaction), not at the previous session's last offer, and balanz keeps a new
    history for it (its offers so far: only 6 A).
  * The new session grows again from the minimum, at most one 3 A step (max_offer_increase) per
    offer-increase interval.

  The scenario sees the charger's limit through the simulator (`jsonstatus`: status, offer, transaction)
  and balanz's view through GetChargers (status, offered, the transaction's charging history).

  Background:
    Given HQ-14 is available

  Rule: A second session starts afresh at the minimum, and the charger is blocked in between

    Scenario: A second driver charges at HQ-14 after the first has left
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      And the offer to HQ-14 has risen to 12 A
      When the driver unplugs the EV at HQ-14
      Then the session at HQ-14 has ended, and the charger is Available with no offer
      When the next EV is plugged in at HQ-14 without a tag
      Then HQ-14 holds no usable offer for 1 full balancing run: the EV draws nothing
      When the driver presents tag 56EB8FBF at HQ-14
      Then HQ-14 starts charging with the minimum offer of 6 A
      And balanz shows a new session at HQ-14 for tag 56EB8FBF, offered only the minimum so far
      And the offer to HQ-14 rises 6 → 9 A, no faster than one step per offer-increase interval
