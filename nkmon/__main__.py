from nkmon.cli import main

main()
