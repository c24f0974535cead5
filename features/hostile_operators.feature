@api @hostile
Feature: An API client that misbehaves
  balanz's API reads one JSON frame at a time, [2, id, command, payload], and answers [3, id, result] or
  [4, id, error] (api.py api_handler). A client - a careless tool or a hostile one - may send anything; balanz
  answers every frame with an error it cannot carry out, changes nothing, and goes on serving that client and
  every other one. The answers (api.py api_handler, each command's branch):
  * text that is not JSON is answered "Unexpected Error" (the catch-all of api_handler); a frame that is JSON
    but not a call (not four elements, or not of type 2) is answered ProtocolError;
  * a command balanz does not have is answered "Invalid Command <command>" - also WriteTags, which the Tags
    user's permission list names but balanz does not implement;
  * a payload balanz cannot read - not an object, a tag id that is a number, a log level that is no level, a
    log filter of the wrong type - makes the command fail: "Unexpected Error";
  * a call that names a charger, tag, user, group, connector or log component balanz does not have is answered
    NoSuchCharger, NoSuchTag, IllegalArguments (users), NoSuchGroup, NoSuchConnector, NoSuchComponent; a
    charger or group that exists is refused where the command cannot use it (ChargerAlreadyExists, TagExists,
    NotAllocationGroup, ConnectorNotInTransaction); a listing filtered by an id balanz does not have is an
    empty list;
  * a call that leaves out what it needs is answered IllegalArguments, InvalidParameters (the commands balanz
    passes on to a charger), PriorityNotSupplied, or NoSuchCharger when it names no charger;
  * a command for a charger balanz knows but that is not connected is answered ChargerNotConnected, whatever
    else the call says (api_handler checks the charger before the command's own checks).
  None of it changes what balanz keeps or lists: its tags, users, firmware, groups and chargers, its session
  records, its files and its audit log are as before (balanz_acceptance/actors/bystanders.py Bystanders.snapshot).
  The client is logged in as the suite's Admin user (data/model/users.csv), who may call every command.
  (What balanz gets wrong with a misbehaving client: hostile_operators_known_issues.feature.)

  Rule: A frame that is no call is answered with an error, and balanz goes on serving

    Scenario: Text that is not JSON and frames that are not calls are answered with errors
      Given a client has logged in as the suite's Admin user, and balanz's records and lists are noted
      When the client sends these frames, one after another:
        | what                       | frame                      | balanz answers   |
        | text that is not JSON      | [2, "m1", "GetStatus", {   | Unexpected Error |
        | a JSON object              | {"command": "GetStatus"}   | ProtocolError    |
        | a JSON string              | "GetStatus"                | ProtocolError    |
        | a call without payload     | [2, "m2", "GetStatus"]     | ProtocolError    |
        | a result instead of a call | [3, "m3", {}]              | ProtocolError    |
        | four elements, not a call  | [3, "m4", "GetStatus", {}] | ProtocolError    |
      Then balanz answers each as the table says
      And the client's connection goes on: balanz answers its GetStatus
      And another client is served as usual
      And balanz keeps and lists exactly what it did before

  Rule: A command balanz does not have, or a payload it cannot read, is refused and changes nothing

    Scenario: Unknown commands and payloads of the wrong type are refused
      Given a client has logged in as the suite's Admin user, and balanz's records and lists are noted
      When the client makes these calls, one after another:
        | command      | payload                                   | balanz answers               |
        | FlyToTheMoon | {}                                        | Invalid Command FlyToTheMoon |
        | WriteTags    | {}                                        | Invalid Command WriteTags    |
        | GetChargers  | []                                        | Unexpected Error             |
        | GetTags      | "all"                                     | Unexpected Error             |
        | UpdateTag    | {"id_tag": 5, "description": "x"}         | Unexpected Error             |
        | SetLogLevel  | {"component": "api", "loglevel": "LOUD"}  | Unexpected Error             |
        | GetLogs      | {"filters": {"level": 5}}                 | Unexpected Error             |
      Then balanz answers each as the table says
      And the client's connection goes on: balanz answers its GetStatus
      And balanz keeps and lists exactly what it did before

  Rule: A call that names what balanz does not have, or cannot use, is refused and changes nothing

    Scenario: Chargers, tags, users, groups, connectors and log components that do not exist are refused
      Given RR2-04 is a charger the scenario plays message by message, connected, booted and set up by balanz
      And a client has logged in as the suite's Admin user, and balanz's records and lists are noted
      When the client makes these calls, one after another:
        | command           | payload                                                                 | balanz answers             |
        | UpdateCharger     | {"charger_id": "NOT-A-CHARGER", "priority": 2}                           | NoSuchCharger              |
        | DeleteCharger     | {"charger_id": "NOT-A-CHARGER"}                                          | NoSuchCharger              |
        | ResetChargerAuth  | {"charger_id": "NOT-A-CHARGER"}                                          | NoSuchCharger              |
        | Reset             | {"charger_id": "NOT-A-CHARGER"}                                          | NoSuchCharger              |
        | TriggerMessage    | {"alias": "NOT-A-CHARGER", "requested_message": "Heartbeat"}             | NoSuchCharger              |
        | CreateCharger     | {"charger_id": "TACW225426G463", "alias": "HQ-14b", "group_id": "HQ"}    | ChargerAlreadyExists       |
        | CreateCharger     | {"charger_id": "NEWCHARGER9", "alias": "NEW9", "group_id": "NOT-A-GROUP"} | IllegalArguments          |
        | UpdateTag         | {"id_tag": "NOTATAG1", "priority": 3}                                    | NoSuchTag                  |
        | DeleteTag         | {"id_tag": "NOTATAG1"}                                                   | NoSuchTag                  |
        | CreateTag         | {"id_tag": "D40C346D", "user_name": "Someone else", "status": "Activated"} | TagExists                |
        | UpdateUser        | {"user_id": "not-a-user", "user_type": "Admin"}                          | IllegalArguments           |
        | DeleteUser        | {"user_id": "not-a-user"}                                                | IllegalArguments           |
        | CreateUser        | {"user_id": "acceptance", "user_type": "Status", "password": "pw"}       | IllegalArguments           |
        | UpdateGroup       | {"group_id": "NOT-A-GROUP", "max_allocation": "00:00-23:59>0=10"}        | NoSuchGroup                |
        | SetBalanzState    | {"group_id": "NOT-A-GROUP", "suspend": true}                             | NoSuchGroup                |
        | SetBalanzState    | {"group_id": "Default", "suspend": true}                                 | NotAllocationGroup         |
        | SetChargePriority | {"alias": "RR2-04", "connector_id": 2, "priority": 5}                    | NoSuchConnector            |
        | SetChargePriority | {"alias": "RR2-04", "connector_id": 1, "priority": 5}                    | ConnectorNotInTransaction  |
        | SetLogLevel       | {"component": "not-a-component", "loglevel": "INFO"}                     | NoSuchComponent            |
        | GetChargers       | {"group_id": "NOT-A-GROUP"}                                              | an empty list              |
        | GetSessions       | {"charger_id": "NOT-A-CHARGER"}                                          | an empty list              |
        | GetSessions       | {"group_id": "NOT-A-GROUP"}                                              | an empty list              |
      Then balanz answers each as the table says
      And balanz keeps and lists exactly what it did before

  Rule: A call that leaves out what it needs is refused and changes nothing

    Scenario: Calls without the ids, values or limits they need are refused
      Given RR2-04 is a charger the scenario plays message by message, connected, booted and set up by balanz
      And a client has logged in as the suite's Admin user, and balanz's records and lists are noted
      When the client makes these calls, one after another:
        | command                | payload                                      | balanz answers      |
        | CreateTag              | {"user_name": "Nobody"}                      | IllegalArguments    |
        | UpdateTag              | {"priority": 3}                              | IllegalArguments    |
        | DeleteTag              | {}                                           | IllegalArguments    |
        | CreateUser             | {"user_id": "no-password", "user_type": "Admin"} | IllegalArguments |
        | UpdateUser             | {"user_type": "Admin"}                       | IllegalArguments    |
        | DeleteUser             | {}                                           | IllegalArguments    |
        | CreateCharger          | {"charger_id": "NEWCHARGER9"}                | IllegalArguments    |
        | UpdateCharger          | {"priority": 2}                              | IllegalArguments    |
        | DeleteCharger          | {}                                           | IllegalArguments    |
        | ResetChargerAuth       | {}                                           | IllegalArguments    |
        | UpdateGroup            | {"max_allocation": "00:00-23:59>0=10"}       | IllegalArguments    |
        | SetBalanzState         | {"suspend": true}                            | NoSuchGroup         |
        | SetLogLevel            | {"component": "api"}                         | IllegalArguments    |
        | CreateFirmware         | {"firmware_id": "fw-without-url"}            | IllegalArguments    |
        | Reset                  | {"type": "Soft"}                             | NoSuchCharger       |
        | SetChargePriority      | {"alias": "RR2-04", "connector_id": 1}       | PriorityNotSupplied |
        | RemoteStartTransaction | {"alias": "RR2-04", "connector_id": 1}       | InvalidParameters   |
        | RemoteStopTransaction  | {"alias": "RR2-04"}                          | InvalidParameters   |
        | SetTxProfile           | {"alias": "RR2-04", "connector_id": 1}       | InvalidParameters   |
        | SetDefaultProfile      | {"alias": "RR2-04", "limit": 6}              | InvalidParameters   |
        | UpdateFirmware         | {"alias": "RR2-04"}                          | InvalidParameters   |
      Then balanz answers each as the table says
      And balanz keeps and lists exactly what it did before

  Rule: A command for a charger that is not connected is refused as ChargerNotConnected

    Scenario: Every command balanz passes on to a charger is refused for HQ-14 while it is not connected
      Given a client has logged in as the suite's Admin user, and balanz's records and lists are noted
      When the client makes these calls, one after another:
        | command                | payload                                                                   | balanz answers      |
        | ClearDefaultProfiles   | {"alias": "HQ-14"}                                                        | ChargerNotConnected |
        | ClearDefaultProfile    | {"alias": "HQ-14", "charging_profile_id": 2}                              | ChargerNotConnected |
        | SetDefaultProfile      | {"alias": "HQ-14", "charging_profile_id": 1, "stack_level": 0, "limit": 6} | ChargerNotConnected |
        | SetTxProfile           | {"alias": "HQ-14", "transaction_id": 1, "limit": 6}                       | ChargerNotConnected |
        | Reset                  | {"alias": "HQ-14", "type": "Soft"}                                        | ChargerNotConnected |
        | RemoteStartTransaction | {"alias": "HQ-14", "connector_id": 1, "id_tag": "D40C346D"}               | ChargerNotConnected |
        | RemoteStopTransaction  | {"alias": "HQ-14", "transaction_id": 1}                                   | ChargerNotConnected |
        | GetConfiguration       | {"alias": "HQ-14", "key": ["HeartbeatInterval"]}                          | ChargerNotConnected |
        | ChangeConfiguration    | {"alias": "HQ-14", "key": "HeartbeatInterval", "value": "120"}            | ChargerNotConnected |
        | TriggerMessage         | {"alias": "HQ-14", "requested_message": "Heartbeat"}                      | ChargerNotConnected |
        | SetChargePriority      | {"alias": "HQ-14", "priority": 5}                                         | ChargerNotConnected |
        | UpdateFirmware         | {"alias": "HQ-14", "location": "http://example.com/fw.bin"}               | ChargerNotConnected |
      Then balanz answers each as the table says
      And balanz keeps and lists exactly what it did before
