@sessions @hq
Feature: Session records
  When a session ends, balanz keeps a record of it, which an operator reads with GetSessions
  (balanz/model.py Charger.stop_transaction, Session.from_transaction, Session.external). The record says:
  * where: the charger's id and alias and its group, as data/model/chargers.csv has them - HQ-14 is
    charger TACW225426G463 in group HQ;
  * who: the tag that started the session and its user, as data/model/tags.csv has them - D40C346D is
    John Jones's tag - and the tag it was stopped with: the charger stops a session with the tag that
    started it, whichever way it ends;
  * when: it starts when the charger started the transaction (as balanz showed it while the session ran),
    it ends when the charger stopped it (after the driver ended the session, before the charger
    confirmed that balanz had recorded the stop), and its duration is end - start;
  * how much: the energy in kWh as the charger metered it. The simulated charger meters the offer on
    three phases at 230 V, and adds to its meter in steps (at least once per meter-value interval); so
    the record holds at least what its meter showed just before the end, and at most that plus what one
    meter-value interval and 2 more seconds at the last offer add;
  * why it ended: the charger's stop reason - EVDisconnected when the EV is unplugged, Local when the
    driver presents the tag again;
  * the offers: every offer balanz made during the session, as it showed them while the session ran,
    then 0 A at the end. A session that ends right after its offer has risen from the minimum 6 A to 9 A
    (one step of 3 A) has the offers 6 → 9 → 0 A.

  Background:
    Given HQ-14 is available

  Rule: An ended session is recorded with where, who, when, how much, why and its offers

    Scenario Outline: A session ended by <ending> is recorded with stop reason <reason>
      Given the driver has presented tag D40C346D at HQ-14, which is charging
      And the offer to HQ-14 has risen to 9 A
      When the driver <act>
      Then balanz keeps a record of the session at HQ-14:
        | field       | value          |
        | charger     | TACW225426G463 |
        | alias       | HQ-14          |
        | group       | HQ             |
        | tag         | D40C346D       |
        | user        | John Jones     |
        | stop tag    | D40C346D       |
        | stop reason | <reason>       |
      And the record at HQ-14 starts when the charger started the transaction and ends when it stopped it
      And the record at HQ-14 holds the energy the charger metered
      And the record at HQ-14 holds the offers 6 → 9 → 0 A, as balanz made them during the session

      Examples:
        | ending                        | act                                                  | reason         |
        | unplugging the EV             | unplugs the EV at HQ-14                              | EVDisconnected |
        | presenting tag D40C346D again | ends the session at HQ-14 by presenting tag D40C346D | Local          |
