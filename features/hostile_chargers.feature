@ocpp @hostile @rr2 @fresh_balanz
Feature: A charger that misbehaves
  balanz faces its chargers over the network, and a charger's software can be faulty or hostile. Whatever one
  charger sends, balanz answers it as the OCPP 1.6 JSON protocol and balanz's handlers decide, and none of it
  reaches another charger's session, the group's maximum or balanz's records.

  How balanz answers a charger's frames (charge_point_csms_v16.py ChargePoint_CSMS_v16.start hands each frame
  to the ocpp package's ChargePoint.route_message, which balanz uses as it is):
  * a frame that is not an OCPP-J message - not JSON, not an array, too short, of an unknown message type -
    is logged and dropped: no answer, and the connection goes on;
  * a result or an error for a call balanz never made is dropped too (balanz takes only answers to its own
    calls, by their message id);
  * a call of an action OCPP 1.6 does not have is answered CallError NotSupported; an action OCPP 1.6 has but
    balanz does not handle (one a central system sends, such as Reset) NotImplemented;
  * a call whose payload breaks the OCPP 1.6 schema is answered with the error OCPP-J names for it: a missing
    required field ProtocolError, a field of the wrong type or a payload that is no object
    TypeConstraintViolation, a field the schema does not have or a value it does not allow (an unknown status,
    an empty list of meter values) FormatViolation;
  * a call balanz's own handler fails on is answered CallError InternalError: a StatusNotification or a
    StartTransaction for a connector the charger does not have (model.py Charger.status_notification and
    Charger.start_transaction raise ModelException); MeterValues for such a connector are accepted and
    ignored (model.py Charger.meter_values);
  * many messages in a row (three hundred Heartbeats at once) are answered one after another, in order.

  What balanz does with a charger's transactions and meter values:
  * a second StartTransaction at a connector that has a transaction, with the same timestamp, is taken for
    the same transaction: no new session, no record (model.py Charger.start_transaction); with another
    timestamp balanz ends the first transaction - recorded with the reason "Start transaction without stop
    transaction" and no stop tag - and starts the new one; both are answered Accepted;
  * meter values are taken as the charger reports them (charge_point_v16.py ChargePoint_v16._on_meter_values):
    the usage is the largest Current.Import of the phases L1-L3 (a phase not reported counts as 0 A), so a
    negative current on every phase is a negative usage and a huge one a huge usage; an energy register is
    taken as it is, also one that is negative; the meter value's own timestamp is not used: balanz records a
    usage at the time it receives it.

  The bystander: RR2-01 charges for tag D40C346D while RR2-04, played by the scenario message by message,
  misbehaves. Throughout, the group safety watch checks RR2 against its maximum; afterwards RR2-01's session
  must still run - the same tag and start, charging, its offer not lowered - and balanz's session records,
  its files (model CSVs, the session file) and its audit log must be exactly as they were
  (balanz_acceptance/actors/bystanders.py).
  (What balanz gets wrong with a misbehaving charger: hostile_chargers_known_issues.feature.)

  Background:
    Given the driver has presented tag D40C346D at RR2-01, which is charging
    And RR2-04 is a charger the scenario plays message by message, connected, booted and set up by balanz
    And balanz's records and the session at RR2-01 are noted

  Rule: A frame that is no OCPP-J call gets no answer, and the connection goes on

    Scenario: Frames that are no OCPP-J message, and answers to calls balanz never made, are dropped
      When RR2-04 sends these frames, one after another:
        | what                                    | frame                                        | balanz answers |
        | text that is not JSON                   | [2, "h1", "Heartbeat", {                     | no answer      |
        | a JSON object                           | {"action": "Heartbeat"}                      | no answer      |
        | an empty array                          | []                                           | no answer      |
        | a call without action and payload       | [2, "h2"]                                    | no answer      |
        | a message of an unknown type            | [7, "h3", "Heartbeat", {}]                   | no answer      |
        | a result for a call balanz never made   | [3, "never-asked-1", {}]                     | no answer      |
        | an error for a call balanz never made   | [4, "never-asked-2", "InternalError", "", {}] | no answer      |
      Then balanz answered each frame as the table says
      And RR2-04's connection goes on: balanz answers its Heartbeat
      And the session at RR2-01 goes on as before
      And balanz's records are as they were

  Rule: A call balanz cannot take is answered with the OCPP-J error for it, and the connection goes on

    Scenario: Unknown actions, broken payloads and unknown connectors are answered with CallErrors
      When RR2-04 sends these frames, one after another:
        | what                                     | frame                                                                                                              | balanz answers                    |
        | an action OCPP 1.6 does not have         | [2, "e1", "Refuel", {}]                                                                                            | CallError NotSupported            |
        | an action only a central system sends    | [2, "e2", "Reset", {"type": "Soft"}]                                                                               | CallError NotImplemented          |
        | a BootNotification without its model     | [2, "e3", "BootNotification", {"chargePointVendor": "ACME"}]                                                       | CallError ProtocolError           |
        | a connector id that is text              | [2, "e4", "StatusNotification", {"connectorId": "one", "errorCode": "NoError", "status": "Available"}]             | CallError TypeConstraintViolation |
        | a payload that is no object              | [2, "e5", "Heartbeat", []]                                                                                         | CallError TypeConstraintViolation |
        | a field OCPP 1.6 does not have           | [2, "e6", "Heartbeat", {"mood": "hostile"}]                                                                        | CallError FormatViolation         |
        | a status OCPP 1.6 does not have          | [2, "e7", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Dancing"}]                   | CallError FormatViolation         |
        | meter values without any value           | [2, "e8", "MeterValues", {"connectorId": 1, "meterValue": []}]                                                     | CallError FormatViolation         |
        | the status of connector 5, which it lacks | [2, "e9", "StatusNotification", {"connectorId": 5, "errorCode": "NoError", "status": "Available"}]                | CallError InternalError           |
        | a transaction at connector 5             | [2, "e10", "StartTransaction", {"connectorId": 5, "idTag": "D40C346D", "meterStart": 0, "timestamp": "<now>"}]     | CallError InternalError           |
        | meter values of connector 5              | [2, "e11", "MeterValues", {"connectorId": 5, "meterValue": [{"timestamp": "<now>", "sampledValue": [{"value": "5"}]}]}] | an empty result              |
      Then balanz answered each frame as the table says
      And RR2-04's connection goes on: balanz answers its Heartbeat
      And the session at RR2-01 goes on as before
      And balanz's records are as they were

  Rule: A second StartTransaction with the same time is the same transaction; one with another time replaces it

    Scenario: A repeated StartTransaction changes nothing; a new one ends the open transaction and starts another
      When RR2-04 starts a transaction for tag 56EB8FBF
      And RR2-04 sends the same StartTransaction again
      Then balanz answers it with a result with status Accepted
      And balanz has recorded no session at RR2-04, and shows one there for tag 56EB8FBF
      When RR2-04 starts another transaction, for tag 3B86D60D, without stopping the first
      Then balanz answers it with a result with status Accepted
      And balanz shows a session at RR2-04 for tag 3B86D60D
      And balanz has recorded one session at RR2-04: for tag 56EB8FBF, stopped with reason "Start transaction without stop transaction" and no stop tag
      And the session at RR2-01 goes on as before

  Rule: Meter values are taken as the charger reports them, at the time balanz receives them

    Scenario: Negative and huge currents and a negative register are taken as they are; a meter value's own time is not used
      Given RR2-04 has started a transaction for tag 56EB8FBF
      And balanz's records and the session at RR2-01 are noted
      When RR2-04 reports a current of -10 A on every phase
      Then balanz answers it with an empty result
      And balanz shows a usage of -10 A at RR2-04
      When RR2-04 reports a current of 99999999 A on every phase
      Then balanz answers it with an empty result
      And balanz shows a usage of 99999999 A at RR2-04
      When RR2-04 reports an energy register of -500 Wh
      Then balanz answers it with an empty result
      And balanz shows an energy register of -500 Wh at RR2-04
      When RR2-04 reports a current of 7 A on every phase, dated 2099-01-01T00:00:00Z
      Then balanz answers it with an empty result
      And balanz records the usage of 7 A at RR2-04 at the time it received it
      And the session at RR2-01 goes on as before
      And balanz's records are as they were

  Rule: Many messages at once are answered one after another, and balancing goes on

    Scenario: Three hundred Heartbeats at once are each answered, in order
      When RR2-04 sends 300 Heartbeats at once
      Then balanz answers every one of them with a result, in the order they were sent
      And the session at RR2-01 goes on as before
      And balanz goes on balancing: within 1 offer-increase interval the offer to RR2-01 rises
      And balanz's records are as they were
