; Included by electron-builder's NSIS installer (electron-builder.yml: nsis.include).
; The routers on the café LAN must reach IWAS Counter's RADIUS (UDP 1812/1813) and the PC
; manager its webhook (TCP 8790): the installer runs elevated (per-machine), so it allows
; the program through Windows Firewall from the local subnet, instead of leaving it to a
; prompt a cashier's account cannot answer. The uninstaller removes the rule.

!macro customInstall
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="IWAS Counter"'
  nsExec::ExecToLog 'netsh advfirewall firewall add rule name="IWAS Counter" dir=in action=allow program="$INSTDIR\${APP_EXECUTABLE_FILENAME}" enable=yes profile=any remoteip=localsubnet'
!macroend

!macro customUnInstall
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="IWAS Counter"'
!macroend
