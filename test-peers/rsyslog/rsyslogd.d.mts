export interface RsyslogPeer {
  dir: string;
  certs: { ca: string; server: { cert: string; key: string }; client: { cert: string; key: string } };
  tlsPort: number;
  tcpPort: number;
  udpPort: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
  lines(): string[];
  destroy(): Promise<void>;
}
export function startRsyslog(): Promise<RsyslogPeer>;
export function makeCertificates(dir: string): {
  ca: string;
  server: { cert: string; key: string };
  client: { cert: string; key: string };
};
