; Inno Setup 6 script: a Windows installer for Håndbok – vold i nære relasjoner.
;
; Per-user by default: installs to %LOCALAPPDATA%\Programs\Håndbok, with a
; Start-menu entry, and needs no administrator rights. IT can install for all
; users instead (Program Files) with /ALLUSERS on the command line.
;
; Build on Windows after `python build\build.py` (which makes dist\handbook\):
;   iscc /DAppVersion=1.0.0 build\installer.iss
; Output: dist\handbook-1.0.0-windows-x64-setup.exe
; Silent install (Intune, SCCM, GPO):   handbook-1.0.0-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART [/ALLUSERS]
; Silent uninstall:                     "%LOCALAPPDATA%\Programs\Håndbok\unins000.exe" /VERYSILENT
;
; Saved as UTF-8 with a byte-order mark, which Inno Setup 6 needs for "å" and "æ".

#ifndef AppVersion
  #define AppVersion "1.0.0"
#endif
; Discreet names (README, "Diskresjon"): the Start menu, Apps & features and the program folder say
; "Håndbok", not the topic. Installs made before keep their folder (Inno reuses the previous one);
; [InstallDelete] removes their shortcuts with the old name.
#define AppName "Håndbok"
#define AppExe "handbook.exe"

; The licence page shows the program's own terms, LICENSE.txt, which is UTF-8 without a byte-order
; mark: Inno Setup reads such text files from 6.3 on.
#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (LICENSE.txt is UTF-8 without a byte-order mark)
#endif
; The third-party licences ship in the program folder, _internal\licenses (build.py makes it; the
; summary is OVERSIKT.txt). Never build an installer from a folder without them.
#if !FileExists(AddBackslash(SourcePath) + "..\dist\handbook\_internal\licenses\OVERSIKT.txt")
  #error dist\handbook\_internal\licenses\OVERSIKT.txt is missing: run python build\build.py first
#endif

[Setup]
; The AppId identifies the app across versions: never change it, or updates install beside the old copy.
AppId={{58F15CA1-DA1B-4208-96AB-6F35757378A4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Ås kommune
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Håndbok
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..
OutputDir=dist
OutputBaseFilename=handbook-{#AppVersion}-windows-x64-setup
SetupIconFile=resources\icons\handbok.ico
; The program's own terms, shown (and to be accepted) before installing. Third-party licences: installed
; with the program folder below, in {app}\_internal\licenses.
LicenseFile=LICENSE.txt
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "nb"; MessagesFile: "compiler:Languages\Norwegian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole program folder: no files of the old version stay behind.
Type: filesandordirs; Name: "{app}\_internal"
; Shortcuts of versions before the discreet names.
Type: files; Name: "{autoprograms}\Håndbok – vold i nære relasjoner.lnk"
Type: files; Name: "{autodesktop}\Håndbok – vold i nære relasjoner.lnk"

[Files]
Source: "dist\handbook\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Offline håndbok for ansatte i Ås kommune"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
