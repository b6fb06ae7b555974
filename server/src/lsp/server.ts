/** The language server's entry point (dist/server.js): one DoctorServer on the connection the client started us with. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { DoctorServer } from './doctorServer';
import { maskUrlsIn } from '../core/text/secrets';

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(maskUrlsIn(`uncaught: ${e.stack ?? e.message}`)));
new DoctorServer(connection).listen();
