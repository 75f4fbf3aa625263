from losen.cli import main

main()
