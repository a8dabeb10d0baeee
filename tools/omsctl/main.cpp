// omsctl: the command-line client of the OMS. Parses the command line, then
// runs the one verb it selected; see docs/OMSCTL.md.

#include <CLI/CLI.hpp>
#include <iostream>

#include "omsctl/command.h"

int main(int argc, char** argv) {
  using namespace omsctl;

  GlobalOptions globals;
  CLI::App app("omsctl: command-line client of the order management system", "omsctl");
  // Global options may follow the verb: `omsctl order get X --json`.
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", "omsctl 0.1.0");
  app.add_option("--server", globals.connection.server,
                 "HOST:PORT of omsd; several regions comma-separated, nearest first (fails over "
                 "in that order)")
      ->envname("OMS_SERVER")
      ->capture_default_str();
  app.add_option("--token", globals.connection.token,
                 "Bearer token (sent as authorization metadata)")
      ->envname("OMS_TOKEN")
      ->check([](const std::string& token) -> std::string {
        // A header value cannot carry these; gRPC would abort the call.
        for (unsigned char c : token) {
          if (c < 0x21 || c > 0x7e) {
            return "a token holds printable characters only, without spaces or line breaks "
                   "(set OMS_TOKEN to the output of `omsctl login` alone)";
          }
        }
        return {};
      });
  app.add_option("--tls-ca", globals.connection.tls_ca,
                 "PEM CA that signed omsd's certificate; speaks TLS")
      ->envname("OMS_TLS_CA");
  app.add_option("--tls-cert", globals.connection.tls_cert,
                 "PEM client certificate for mutual TLS (with --tls-key)")
      ->envname("OMS_TLS_CERT");
  app.add_option("--tls-key", globals.connection.tls_key, "PEM private key of --tls-cert")
      ->envname("OMS_TLS_KEY");
  app.add_flag("--json", globals.json, "Print the reply as one protobuf-JSON object");
  app.add_option("--timeout", globals.connection.timeout_seconds,
                 "Deadline of every call, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  Action selected;
  AddCallCommand(app, globals, &selected);
  AddOrderCommands(app, globals, &selected);
  AddShipmentCommands(app, globals, &selected);
  AddStockCommands(app, globals, &selected);
  AddProductCommands(app, globals, &selected);
  AddCustomerCommands(app, globals, &selected);
  AddNodeCommands(app, globals, &selected);
  AddSessionCommands(app, globals, &selected);
  AddRefundCommands(app, globals, &selected);
  AddAccountCommands(app, globals, &selected);
  AddIntakeCommands(app, globals, &selected);
  AddDeadLetterCommands(app, globals, &selected);
  AddReturnCommands(app, globals, &selected);
  AddAdminCommands(app, globals, &selected);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "omsctl: " << e.what() << "\nRun with --help for more "
              << "information.\n";
    return kExitUsage;
  }
  return selected ? selected() : kExitUsage;
}
