@firmware @fresh_balanz
Feature: Firmware
  An operator keeps a list of firmware entries in balanz (CreateFirmware, ModifyFirmware, DeleteFirmware,
  GetFirmware; api.py): each names the vendor and model it is for, its version, where it can be fetched (url)
  and which firmware versions it upgrades from. balanz writes the list to its firmware file after every change
  (firmware.py Firmware.write_csv) and, on ReloadFirmware, reads the file again, adding the entries it does not
  have (Firmware.read_csv).
  balanz offers a charger an entry - GetChargers shows it among the charger's firmware options, with its
  id and url - when the vendor, the model and the firmware version the charger reported in its BootNotification
  match the entry's vendor, model and upgrade-from versions, each a regular expression matched from the start of
  the text: "CDT" matches the model CDT_TACW22::NET_WIFI, and an empty expression matches everything (model.py
  Charger.update_fw_options, re.match). balanz works the options out again for every charger after each change
  to the list (Charger.update_all_charger_fw_options) and for a charger at each BootNotification.
  UpdateFirmware passes the location the operator gives on to the charger, asking it to fetch the firmware
  (charge_point_v16.py ChargePoint_v16.update_firmware); a charger's FirmwareStatusNotification is accepted
  (charge_point_csms_v16.py on_firmware_status_notification).
  HQ-14 is played by the scenario message by message; it reports the vendor ABB, the model CDT_TACW22::NET_WIFI
  and the firmware version TAC3Z91180710247::V1.8.21 (those of ocppsim's configuration, data/config/ocppsim.ini).
  (What balanz gets wrong with firmware: firmware_known_issues.feature.)

  Background:
    Given HQ-14 is a charger the scenario plays message by message, connected but not booted
    And HQ-14 has booted, reporting:
      | field             | value                     |
      | chargePointVendor | ABB                       |
      | chargePointModel  | CDT_TACW22::NET_WIFI      |
      | firmwareVersion   | TAC3Z91180710247::V1.8.21 |

  Rule: A charger is offered the firmware whose vendor, model and upgrade-from versions match it from the start

    Scenario: HQ-14 is offered exactly the entries that match its vendor, model and version
      When the operator adds these firmware entries:
        | firmware_id | charge_point_vendor | charge_point_model | firmware_version | url                          | upgrade_from_versions |
        | fw-match    | ABB                 | CDT_.*             | V1.9             | http://fw.example/match.bin  | .*V1\.8\..*           |
        | fw-prefix   | ABB                 | CDT                | V1.9             | http://fw.example/prefix.bin |                       |
        | fw-model    | ABB                 | OTHER              | V1.9             | http://fw.example/model.bin  | .*                    |
        | fw-version  | ABB                 | CDT_.*             | V2.1             | http://fw.example/v21.bin    | .*V2\.0\..*           |
        | fw-vendor   | Siemens             | CDT_.*             | V1.9             | http://fw.example/vendor.bin | .*                    |
      Then balanz offers HQ-14 the firmware fw-match and fw-prefix
      And balanz's firmware file holds exactly the firmware balanz lists

  Rule: Every change to the firmware list changes what the chargers are offered at once

    Scenario: A changed, a deleted and a reloaded entry change HQ-14's firmware options
      Given the operator has added these firmware entries:
        | firmware_id | charge_point_vendor | charge_point_model | firmware_version | url                         | upgrade_from_versions |
        | fw-match    | ABB                 | CDT_.*             | V1.9             | http://fw.example/match.bin | .*V1\.8\..*           |
        | fw-model    | ABB                 | OTHER              | V1.9             | http://fw.example/model.bin | .*                    |
      When the operator changes firmware fw-model to the model CDT_TACW22.* and the upgrade-from versions .*V1\.8\..*
      Then balanz offers HQ-14 the firmware fw-match and fw-model
      When the operator deletes firmware fw-match
      Then balanz offers HQ-14 the firmware fw-model
      When the operator adds this firmware entry to balanz's firmware file by hand and has balanz reload its firmware:
        | firmware_id | charge_point_vendor | charge_point_model | firmware_version | meter_type | url                        | upgrade_from_versions |
        | fw-hand     | ABB                 | CDT_TACW22         | V1.9             |            | http://fw.example/hand.bin | .*                    |
      Then balanz offers HQ-14 the firmware fw-model and fw-hand
      And balanz's firmware file holds exactly the firmware balanz lists

  Rule: UpdateFirmware asks the charger to fetch the firmware at the location given

    Scenario: balanz passes HQ-14 the location, and accepts its firmware status notifications
      When the operator asks HQ-14 to update its firmware from http://fw.example/match.bin
      Then balanz answers the operator Accepted
      And balanz asks HQ-14 to fetch its firmware from http://fw.example/match.bin
      When HQ-14 sends these frames, one after another:
        | what                      | frame                                                           | balanz answers            |
        | downloading               | [2, "f1", "FirmwareStatusNotification", {"status": "Downloading"}] | an empty result        |
        | installed                 | [2, "f2", "FirmwareStatusNotification", {"status": "Installed"}]   | an empty result        |
        | a status OCPP has not got | [2, "f3", "FirmwareStatusNotification", {"status": "Bogus"}]       | CallError FormatViolation |
      Then balanz answered each frame as the table says
