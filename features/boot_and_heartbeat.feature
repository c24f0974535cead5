@ocpp @boot
Feature: BootNotification and Heartbeat
  A charger announces itself with a BootNotification. balanz accepts every one (charge_point_csms_v16.py
  ChargePoint_CSMS_v16.on_boot_notification): the answer's status is Accepted, its interval - how often the
  charger is to send a Heartbeat - is the site's configured heartbeat interval ([csms] heartbeat_interval), and
  its currentTime is balanz's clock (UTC). balanz keeps the charger's vendor and model and each other field of
  the notification that it keeps for a charger - charge box and charge point serial numbers, firmware version,
  meter type (model.py Charger.boot_notification) - and shows them in its list of chargers (GetChargers); a
  later BootNotification replaces what it reports again and leaves the rest.
  A Heartbeat is answered with balanz's current time (on_heartbeat). balanz lets go of a charger when any of its
  connections ends (balanz.py on_connect clears the charger's connection), also a second one while the first
  is still open; the charger then shows as not connected, and a Heartbeat on the connection it still has makes
  balanz take that connection up again (on_heartbeat: "Restoring ocpp_ref").
  The notifications balanz does nothing with - DiagnosticsStatusNotification, LogStatusNotification,
  SecurityEventNotification, SignedFirmwareStatusNotification - are acknowledged with an empty result, and a
  certificate signing request (SignCertificate) is answered Accepted (ChargePoint_CSMS_v16's handlers of each).
  balanz does not wait for a BootNotification: a charger's Authorize, StatusNotification or Heartbeat before
  it is answered as usual (ChargePoint_CSMS_v16 has no such check), and balanz shows the charger connected,
  without vendor or model.
  HQ-14 is played by the scenario message by message: it sends only what the steps say.

  Rule: balanz accepts a BootNotification with the site's heartbeat interval and shows what the charger reported

    Scenario: HQ-14's boot is accepted, and balanz shows its vendor, model, serial numbers, firmware and meter
      Given HQ-14 is a charger the scenario plays message by message, connected but not booted
      When HQ-14 boots, reporting:
        | field                   | value                     |
        | chargePointVendor       | ABB                       |
        | chargePointModel        | CDT_TACW22::NET_WIFI      |
        | chargeBoxSerialNumber   | avt.001.13.1.02           |
        | chargePointSerialNumber | avt.001.13.1              |
        | firmwareVersion         | TAC3Z91180710247::V1.8.21 |
        | meterType               | AVT NQC-ACDC              |
      Then balanz accepts the boot with the site's heartbeat interval and its current time
      And balanz shows HQ-14 with:
        | field                      | value                     |
        | charge_point_vendor        | ABB                       |
        | charge_point_model         | CDT_TACW22::NET_WIFI      |
        | charge_box_serial_number   | avt.001.13.1.02           |
        | charge_point_serial_number | avt.001.13.1              |
        | firmware_version           | TAC3Z91180710247::V1.8.21 |
        | meter_type                 | AVT NQC-ACDC              |
      When HQ-14 boots, reporting:
        | field             | value                     |
        | chargePointVendor | ABB                       |
        | chargePointModel  | CDT_TACW22::NET_WIFI      |
        | firmwareVersion   | TAC3Z91180710247::V1.9.0  |
      Then balanz accepts the boot with the site's heartbeat interval and its current time
      And balanz shows HQ-14 with:
        | field                    | value                    |
        | firmware_version         | TAC3Z91180710247::V1.9.0 |
        | charge_box_serial_number | avt.001.13.1.02          |
        | meter_type               | AVT NQC-ACDC             |

  Rule: A Heartbeat is answered with balanz's current time, also before a BootNotification

    Scenario: balanz answers a charger that has not booted, and shows it connected without vendor or model
      Given HQ-14 is a charger the scenario plays message by message, connected but not booted
      When HQ-14 sends a Heartbeat
      Then balanz answers with its current time
      When HQ-14 sends these frames, one after another:
        | what                     | frame                                                                                         | balanz answers                |
        | an Authorize             | [2, "b1", "Authorize", {"idTag": "D40C346D"}]                                                 | a result with status Accepted |
        | its connector's status   | [2, "b2", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available"}] | an empty result         |
      Then balanz answered each frame as the table says
      And balanz shows HQ-14 as connected, Available, with no vendor or model

  Rule: balanz acknowledges the notifications it does nothing with, and accepts a certificate signing request

    Scenario: Diagnostics, log, security event and signed firmware notifications are acknowledged, a CSR accepted
      Given HQ-14 is a charger the scenario plays message by message, connected but not booted
      When HQ-14 sends these frames, one after another:
        | what                               | frame                                                                                             | balanz answers                |
        | a diagnostics upload's status      | [2, "n1", "DiagnosticsStatusNotification", {"status": "Uploaded"}]                                | an empty result               |
        | a log upload's status              | [2, "n2", "LogStatusNotification", {"status": "Uploaded"}]                                        | an empty result               |
        | a security event                   | [2, "n3", "SecurityEventNotification", {"type": "StartupOfTheDevice", "timestamp": "<now>"}]      | an empty result               |
        | a signed firmware update's status  | [2, "n4", "SignedFirmwareStatusNotification", {"status": "Downloading"}]                          | an empty result               |
        | a certificate signing request      | [2, "n5", "SignCertificate", {"csr": "-----BEGIN CERTIFICATE REQUEST-----"}]                      | a result with status Accepted |
      Then balanz answered each frame as the table says

  Rule: A Heartbeat on a connection balanz has let go of restores it

    Scenario: After a second connection as HQ-14 came and went, HQ-14's Heartbeat makes it connected again
      Given HQ-14 is a charger the scenario plays message by message, connected, booted and set up by balanz
      When a second connection as HQ-14 opens and closes at once
      Then balanz shows HQ-14 as not connected
      When HQ-14 sends a Heartbeat
      Then balanz answers with its current time
      And balanz shows HQ-14 as connected again
