import type { Messages } from './nb.ts';

// English.
const en: Messages = {
  layout: {
    skipLink: 'Skip to main content',
    homeLink: 'Samvirke, home page',
    signedInAs: 'Logged in as',
    language: 'Language',
    footer:
      'Samvirke – one shared place for the individual plan and for working together on your services.',
    loading: 'Loading …',
  },
  front: {
    title: 'Home',
    heading: 'Welcome to Samvirke',
    intro:
      'Samvirke is one shared place for you if you get help from several services over a long time, for your family, for your coordinator and for the people who help you.',
    login: 'Log in',
    loggedIn: 'You are logged in as {{name}}.',
    whatHeading: 'What you can do here',
    whatPlan:
      'Make and follow up your individual plan: what matters to you, your goals, and who does what and when.',
    whatMessages: 'Write messages to each other, instead of many phone calls and e-mails.',
    whatMeetings: 'Be invited to meetings and read the minutes afterwards.',
    whatAccess: 'Decide who may see what, and see who has read your plan.',
    simple:
      'No individual plan, but you have a coordinator? Then you can use Samvirke for messages and meetings too.',
    account: 'Your coordinator creates an account for you. You cannot sign up yourself.',
    staff: 'Are you a coordinator or a professional? You log in the same way.',
  },
  login: {
    title: 'Log in',
    heading: 'Log in',
    idportenIntro: 'Log in with BankID, MinID or another electronic ID through ID-porten.',
    idportenButton: 'Log in with ID-porten',
    twoStepHeading: 'No electronic ID?',
    twoStepText:
      'Soon you can also log in with a username, a password and a one-time code by text message. Your coordinator gives you your username.',
  },
  notFound: {
    title: 'Page not found',
    heading: 'Page not found',
    text: 'The page does not exist, or the address is wrong.',
    home: 'Go to the home page',
  },
  error: {
    title: 'Something went wrong',
    heading: 'Something went wrong',
    text: 'The page could not be shown. Try reloading the page.',
    reload: 'Reload',
    home: 'Go to the home page',
  },
};

export default en;
