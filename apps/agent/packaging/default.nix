# Sketch of a Nix derivation for the agent: the esbuild bundle (one self-contained file, built with
# `npm run build -w @luminous/agent`) run by nodejs_20. Use in a NixOS module as:
#   environment.systemPackages = [ (pkgs.callPackage ./default.nix { }) ];
#   systemd.packages = [ (pkgs.callPackage ./default.nix { }) ];
{ lib, stdenvNoCC, nodejs_20, makeWrapper }:

stdenvNoCC.mkDerivation {
  pname = "luminous-agent";
  version = "0.1.0";

  # The prebuilt bundle and unit; building from the monorepo source would need its npm lockfile
  # (buildNpmPackage with npmDepsHash) and is left to the release pipeline.
  src = ./..;

  nativeBuildInputs = [ makeWrapper ];
  dontBuild = true;

  installPhase = ''
    runHook preInstall
    install -Dm444 dist/luminous-agent.mjs $out/lib/luminous-agent/luminous-agent.mjs
    makeWrapper ${nodejs_20}/bin/node $out/bin/luminous-agent \
      --add-flags $out/lib/luminous-agent/luminous-agent.mjs
    install -Dm444 packaging/luminous-agent.service $out/lib/systemd/system/luminous-agent.service
    substituteInPlace $out/lib/systemd/system/luminous-agent.service \
      --replace-fail "/usr/bin/env luminous-agent" "$out/bin/luminous-agent"
    runHook postInstall
  '';

  meta = {
    description = "Luminous workstation agent: signed policy for ask-nix, enforced offline";
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
    mainProgram = "luminous-agent";
  };
}
