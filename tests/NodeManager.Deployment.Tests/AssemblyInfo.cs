// The deployment is Linux containers: the tests publish and run a Linux server (setpriv, file modes, /proc).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
